package io.smart402.shard.feed;

/**
 * One stored contract version as the feed reports it.
 *
 * @param created  whether this write inserted the row on the shard's primary (else it replaced an older version)
 * @param document the stored document text, or null when the reader was asked for summaries
 * @param position where this change lies in its shard's history (a reader resumes after it)
 */
public record Change(String shard, String id, long version, String type, String status, boolean created,
                     String document, FeedPosition position) {
}
