package io.smart402.core.error;

import java.io.IOException;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * The one place that decides what a failure means ({@link FailureClass}): retries ask {@link #isRetryable},
 * breakers and failover ask {@link #isDependencyFailure}, front ends ask {@link #isUnavailable}. Core's
 * {@link #basic()} knows plain I/O; a storage module provides a driver-aware one.
 */
@FunctionalInterface
public interface FailureClassifier {

    FailureClass classify(Throwable error);

    default boolean isRetryable(Throwable error) {
        return classify(error).retryable();
    }

    /** Whether the dependency itself failed (counts against its breaker; another copy may be tried). */
    default boolean isDependencyFailure(Throwable error) {
        return classify(error).dependencyFailure();
    }

    /** Whether the failure is the dependency's connection going away (not mere slowness). */
    default boolean isConnectionLoss(Throwable error) {
        return classify(error) == FailureClass.CONNECTION_LOST;
    }

    /** Whether the caller should hear "unavailable, try again later" (a front end's 503). */
    default boolean isUnavailable(Throwable error) {
        return classify(error).retryable();
    }

    default boolean isClientError(Throwable error) {
        return classify(error) == FailureClass.CLIENT_ERROR;
    }

    /**
     * Plain I/O: {@link IOException} anywhere in the cause chain is a lost connection, a {@link TimeoutException}
     * an unresponsive dependency; our own exceptions by their {@link FailureKind}. Never a validation or
     * programming error.
     */
    static FailureClassifier basic() {
        return BasicFailures.INSTANCE;
    }

    /** Whether {@code test} holds for {@code error} or one of its causes (bounded depth: causes may loop). */
    static boolean anyCause(Throwable error, Predicate<Throwable> test) {
        int depth = 0;
        for (Throwable c = error; c != null && depth < 16; c = c.getCause(), depth++) {
            if (test.test(c)) {
                return true;
            }
        }
        return false;
    }

    /** The class our own exceptions declare through their kind, or {@link FailureClass#OTHER}. */
    static FailureClass ofKind(Throwable error) {
        if (!(error instanceof Smart402Exception e)) {
            return FailureClass.OTHER;
        }
        return switch (e.kind()) {
            case INVALID_INPUT, TOO_LARGE, UNPROCESSABLE, CONFLICT, UNAUTHENTICATED, FORBIDDEN ->
                    FailureClass.CLIENT_ERROR;
            case RATE_LIMITED, OVERLOADED -> FailureClass.OVERLOADED;
            case UNAVAILABLE, UPSTREAM_FAILED, UPSTREAM_TIMEOUT -> FailureClass.TRANSIENT;
            case INTERNAL -> FailureClass.OTHER;
        };
    }
}
