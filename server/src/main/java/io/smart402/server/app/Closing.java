package io.smart402.server.app;

import java.util.List;

/**
 * Closing what the composition root started: every part is closed, last started first, even when one fails;
 * the first failure is thrown with the others suppressed on it.
 */
final class Closing {

    private Closing() {
    }

    /** Closes {@code parts} in reverse order. */
    static void closeAll(List<? extends AutoCloseable> parts) {
        RuntimeException first = null;
        for (int i = parts.size() - 1; i >= 0; i--) {
            try {
                parts.get(i).close();
            } catch (Exception e) {
                if (first == null) {
                    first = e instanceof RuntimeException r ? r : new IllegalStateException(e);
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /**
     * After a start-up failure: closes {@code parts} in reverse order and keeps {@code failure} the error the
     * operator sees, with any cleanup failure suppressed on it.
     */
    static RuntimeException afterFailure(RuntimeException failure, List<? extends AutoCloseable> parts) {
        try {
            closeAll(parts);
        } catch (RuntimeException cleanup) {
            failure.addSuppressed(cleanup);
        }
        return failure;
    }
}
