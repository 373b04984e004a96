package io.smart402.core.resilience.priority;

import io.smart402.core.error.FailureKind;
import io.smart402.core.error.RetryAfter;
import io.smart402.core.error.Smart402Exception;
import java.time.Duration;

/** A {@link PriorityGate} whose waiting room is full refused more work. */
public final class AdmissionRejectedException extends Smart402Exception implements RetryAfter {

    private final Priority priority;

    public AdmissionRejectedException(Priority priority, int waiting) {
        super(FailureKind.OVERLOADED, "overloaded",
                "overloaded: " + waiting + " items already wait for admission", null, false);
        this.priority = priority;
    }

    public Priority priority() {
        return priority;
    }

    /** A full waiting room empties fast: a second is enough for another try. */
    @Override
    public Duration retryAfter() {
        return Duration.ofSeconds(1);
    }
}
