package io.smart402.core.resilience.priority;

import io.smart402.core.error.FailureKind;
import io.smart402.core.error.RetryAfter;
import io.smart402.core.error.Smart402Exception;
import java.time.Duration;
import java.util.Map;

/**
 * A {@link PriorityGate} shed this work before running it: its waiting room was full, the wait it predicted was
 * longer than allowed, the work waited too long, or it was pushed out by more urgent work. The {@code reason}
 * says which ({@code overloaded}, {@code predicted-wait}, {@code wait-timeout}, {@code displaced}).
 */
public final class AdmissionRejectedException extends Smart402Exception implements RetryAfter {

    private final Priority priority;
    private final Duration retryAfter;

    public AdmissionRejectedException(Priority priority, int waiting) {
        this(priority, "overloaded", "overloaded: " + waiting + " items already wait for admission",
                Duration.ofSeconds(1));
    }

    AdmissionRejectedException(Priority priority, String reason, String message, Duration retryAfter) {
        super(FailureKind.OVERLOADED, reason, message, null, false);
        this.priority = priority;
        this.retryAfter = retryAfter;
    }

    public Priority priority() {
        return priority;
    }

    /** About how long the backlog ahead takes to clear (at least a second). */
    @Override
    public Duration retryAfter() {
        return retryAfter;
    }

    @Override
    public Map<String, Object> details() {
        return Map.of("priority", priority.name());
    }
}
