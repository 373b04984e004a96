package io.smart402.core.error;

/**
 * What a failure means for whoever asked, independent of any protocol: the HTTP front end maps each kind to a
 * status in one table, an embedding application to whatever it speaks.
 */
public enum FailureKind {
    /** The input cannot be used as given (malformed, over a limit, not valid). */
    INVALID_INPUT,
    /** The input is larger than allowed. */
    TOO_LARGE,
    /** Valid input that this system cannot process (e.g. no payment route). */
    UNPROCESSABLE,
    /** Conflicts with work already running. */
    CONFLICT,
    /** The caller did not say who it is, or its credentials are unknown. */
    UNAUTHENTICATED,
    /** The caller is known but may not do this. */
    FORBIDDEN,
    /** The caller exceeded its rate limit; retry later. */
    RATE_LIMITED,
    /** The system sheds load; retry later. */
    OVERLOADED,
    /** A dependency cannot serve now (node down, breaker open); retry later. */
    UNAVAILABLE,
    /** A dependency broke the exchange (refused, reset, answered garbage) after it was asked. */
    UPSTREAM_FAILED,
    /** A dependency did not answer in time. */
    UPSTREAM_TIMEOUT,
    /** A bug or an unexpected state. */
    INTERNAL
}
