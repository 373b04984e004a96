package io.smart402.core.resilience.priority;

/** A {@link PriorityGate} whose waiting room is full refused more work. */
public final class AdmissionRejectedException extends RuntimeException {

    private final Priority priority;

    public AdmissionRejectedException(Priority priority, int waiting) {
        super("overloaded: " + waiting + " items already wait for admission", null, false, false);
        this.priority = priority;
    }

    public Priority priority() {
        return priority;
    }
}
