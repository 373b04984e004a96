package io.smart402.core.resilience.deadletter;

/** The operation failed for good and its item was saved as {@link #deadLetter()}; the cause is the failure. */
public final class DeadLetteredException extends RuntimeException {

    private final DeadLetter deadLetter;

    public DeadLetteredException(DeadLetter deadLetter, Throwable cause) {
        super("saved as dead letter " + deadLetter.id() + " after " + deadLetter.attempts() + " attempt(s): "
                + cause, cause, false, false);
        this.deadLetter = deadLetter;
    }

    public DeadLetter deadLetter() {
        return deadLetter;
    }
}
