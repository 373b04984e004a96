package io.smart402.core.resilience.deadletter;

import io.smart402.core.error.FailureKind;
import io.smart402.core.error.Smart402Exception;
import java.util.LinkedHashMap;
import java.util.Map;

/** The operation failed for good and its item was saved as {@link #deadLetter()}; the cause is the failure. */
public final class DeadLetteredException extends Smart402Exception {

    private final DeadLetter deadLetter;

    public DeadLetteredException(DeadLetter deadLetter, Throwable cause) {
        super(FailureKind.UNAVAILABLE, "dead-lettered", "saved as dead letter "
                + deadLetter.id() + " after " + deadLetter.attempts() + " attempt(s): " + cause, cause, false);
        this.deadLetter = deadLetter;
    }

    public DeadLetter deadLetter() {
        return deadLetter;
    }

    @Override
    public Map<String, Object> details() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("deadLetter", deadLetter.id());
        details.put("attempts", deadLetter.attempts());
        return details;
    }

    @Override
    public boolean wrapsCause() {
        return true;
    }
}
