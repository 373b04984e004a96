package io.smart402.core.logging;

import java.util.Optional;
import org.slf4j.MDC;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * The request id of the work in progress, carried in the Reactor {@link Context} (written once where the request
 * enters, read wherever it is logged). It is copied into the MDC only for the duration of one log call
 * ({@link #logWith}): a thread-local set in one operator would leak onto whatever that thread runs next, an
 * event loop serves thousands of requests, and Reactor hops threads between operators.
 */
public final class RequestIds {

    /** The MDC key, and the field name in JSON log lines. */
    public static final String MDC_KEY = "requestId";

    /** The header a request id travels in. */
    public static final String HEADER = "X-Request-Id";

    private static final Class<RequestIds> CONTEXT_KEY = RequestIds.class;

    private RequestIds() {
    }

    /** {@code context} carrying {@code requestId}. */
    public static Context with(Context context, String requestId) {
        return context.put(CONTEXT_KEY, requestId);
    }

    /** The request id in {@code context}, if the work belongs to a request. */
    public static Optional<String> of(ContextView context) {
        return context.getOrEmpty(CONTEXT_KEY);
    }

    /** The request id in {@code context}, or null. */
    public static String orNull(ContextView context) {
        return context.getOrDefault(CONTEXT_KEY, null);
    }

    /**
     * Runs one log call with the request id of {@code context} in the MDC, then restores what was there.
     * Callers on a hot path check the level first, so nothing is done when the line would not be written.
     */
    public static void logWith(ContextView context, Runnable logCall) {
        String requestId = orNull(context);
        if (requestId == null) {
            logCall.run();
            return;
        }
        String previous = MDC.get(MDC_KEY);
        MDC.put(MDC_KEY, requestId);
        try {
            logCall.run();
        } finally {
            if (previous == null) {
                MDC.remove(MDC_KEY);
            } else {
                MDC.put(MDC_KEY, previous);
            }
        }
    }
}
