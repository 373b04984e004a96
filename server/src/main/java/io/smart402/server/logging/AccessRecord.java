package io.smart402.server.logging;

import java.util.concurrent.atomic.AtomicLong;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * What the access log line of one request needs but only learns on the way: the client id (known after
 * authentication) and the body bytes of a streamed response (no Content-Length). One per request, carried in
 * the Reactor context; written by the request's own operators, read once when the exchange ends.
 */
public final class AccessRecord {

    private static final Class<AccessRecord> CONTEXT_KEY = AccessRecord.class;

    private volatile String client;
    private final AtomicLong streamedBytes = new AtomicLong();

    public Context putIn(Context context) {
        return context.put(CONTEXT_KEY, this);
    }

    /** Records the authenticated client of the request in {@code context}, if it is a logged request. */
    public static void client(ContextView context, String client) {
        context.<AccessRecord>getOrEmpty(CONTEXT_KEY).ifPresent(record -> record.client = client);
    }

    /** Counts body bytes sent as a stream by the request in {@code context}. */
    public static void streamed(ContextView context, long bytes) {
        context.<AccessRecord>getOrEmpty(CONTEXT_KEY).ifPresent(record -> record.streamedBytes.addAndGet(bytes));
    }

    /** The client id, or {@code -} when the request was refused before authentication or needs none. */
    public String client() {
        String c = client;
        return c == null ? "-" : c;
    }

    public long streamedBytes() {
        return streamedBytes.get();
    }
}
