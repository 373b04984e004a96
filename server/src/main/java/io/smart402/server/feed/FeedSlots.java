package io.smart402.server.feed;

import java.util.HashMap;
import java.util.Map;

/**
 * The open feeds, counted per client and in all, against {@code feed.max-subscribers-per-client} and
 * {@code feed.max-subscribers}: a feed holds a slot from before its first read until its stream ends.
 */
public final class FeedSlots {

    /** A held slot; closing it (once or more) gives it back. */
    public interface Slot extends AutoCloseable {
        @Override
        void close();
    }

    private final int perClient;
    private final int total;
    private final Map<String, Integer> open = new HashMap<>();
    private int all;

    public FeedSlots(int perClient, int total) {
        this.perClient = perClient;
        this.total = total;
    }

    /** Takes a slot for {@code client}, or fails with a rate-limited (per client) or overloaded (server) error. */
    public Slot acquire(String client) {
        synchronized (this) {
            if (open.getOrDefault(client, 0) >= perClient) {
                throw FeedException.tooManyForClient(client, perClient);
            }
            if (all >= total) {
                throw FeedException.serverFull(total);
            }
            open.merge(client, 1, Integer::sum);
            all++;
        }
        boolean[] closed = {false};
        return () -> {
            synchronized (this) {
                if (closed[0]) {
                    return;
                }
                closed[0] = true;
                open.computeIfPresent(client, (c, n) -> n == 1 ? null : n - 1);
                all--;
            }
        };
    }

    /** Feeds open now. */
    public synchronized int open() {
        return all;
    }
}
