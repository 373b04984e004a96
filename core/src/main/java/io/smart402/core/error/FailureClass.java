package io.smart402.core.error;

/**
 * What a failure says about the dependency that produced it, which decides whether a retry makes sense,
 * whether a breaker counts it and whether another copy should be tried. Answered by a
 * {@link FailureClassifier}.
 */
public enum FailureClass {
    /** The connection to the dependency is gone (refused, reset, server shut down). */
    CONNECTION_LOST(true, true),
    /** The dependency did not answer in time, or could not be reached now (pool exhausted, breaker open). */
    UNRESPONSIVE(true, true),
    /** Not the dependency's fault, but the same call may succeed soon (deadlock, serialization failure). */
    TRANSIENT(true, false),
    /** The request itself is at fault (invalid input, bad statement, constraint): never retried or counted. */
    CLIENT_ERROR(false, false),
    /** Load shedding by design: the client, not the server, tries again later. */
    OVERLOADED(false, false),
    /** Anything else (a bug, an unexpected state). */
    OTHER(false, false);

    private final boolean retryable;
    private final boolean dependencyFailure;

    FailureClass(boolean retryable, boolean dependencyFailure) {
        this.retryable = retryable;
        this.dependencyFailure = dependencyFailure;
    }

    /** Whether another attempt of the same call makes sense. */
    public boolean retryable() {
        return retryable;
    }

    /** Whether the dependency (a node, Redis) is at fault: counts against its breaker, justifies trying another copy. */
    public boolean dependencyFailure() {
        return dependencyFailure;
    }
}
