package io.smart402.server.feed;

import io.smart402.shard.feed.Change;

/**
 * One event of a feed: a change ({@code created} or {@code updated}), or a shard that could not be read
 * ({@code partial}) or can be again ({@code resumed}). Every event carries the cursor to resume after it.
 *
 * @param change the change, for created/updated; else null
 * @param shard  the shard the event is about
 * @param reason why a shard is partial, else null
 */
public record FeedEvent(String kind, String cursor, String shard, Change change, String reason) {

    public static final String CREATED = "created";
    public static final String UPDATED = "updated";
    public static final String PARTIAL = "partial";
    public static final String RESUMED = "resumed";

    static FeedEvent of(Change change, String cursor) {
        return new FeedEvent(change.created() ? CREATED : UPDATED, cursor, change.shard(), change, null);
    }

    static FeedEvent partial(String shard, String reason, String cursor) {
        return new FeedEvent(PARTIAL, cursor, shard, null, reason);
    }

    static FeedEvent resumed(String shard, String cursor) {
        return new FeedEvent(RESUMED, cursor, shard, null, null);
    }
}
