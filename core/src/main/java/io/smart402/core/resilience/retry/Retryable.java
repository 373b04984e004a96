package io.smart402.core.resilience.retry;

import java.io.IOException;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/** Classifiers for {@link RetryPolicy.Builder#retryOn}: which failures are transient. */
public final class Retryable {

    private Retryable() {
    }

    /**
     * Connection loss and timeouts anywhere in the cause chain: {@link IOException} (refused, reset,
     * closed channel) and {@link TimeoutException}. Never a validation or programming error.
     */
    public static Predicate<Throwable> transientErrors() {
        return e -> anyCause(e, c -> c instanceof IOException || c instanceof TimeoutException);
    }

    /** Whether {@code test} holds for {@code error} or one of its causes. */
    public static boolean anyCause(Throwable error, Predicate<Throwable> test) {
        int depth = 0;
        for (Throwable c = error; c != null && depth < 16; c = c.getCause(), depth++) {
            if (test.test(c)) {
                return true;
            }
        }
        return false;
    }
}
