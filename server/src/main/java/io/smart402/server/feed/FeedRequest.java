package io.smart402.server.feed;

import io.smart402.core.contract.ContractType;
import io.smart402.shard.feed.FeedPosition;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one feed asks for, validated: filters (type as canonical name; aliases accepted as {@code GET /contracts}
 * does), whether documents are sent, and where it starts.
 *
 * @param start each shard's starting position (null for a shard: "now")
 */
public record FeedRequest(String type, String status, boolean summary, Map<String, FeedPosition> start) {

    /** The statuses the write path stores (ContractService writes every processed contract as "processed"). */
    static final Set<String> STATUSES = Set.of("processed");

    /**
     * Reads a request: {@code Last-Event-ID} (a reconnecting EventSource sends it with the original URL) wins
     * over {@code ?cursor=}, which wins over {@code ?from=now}; with none of them the feed starts at the beginning.
     *
     * @param lastEventId the header's value, or null
     */
    public static FeedRequest parse(Map<String, List<String>> params, String lastEventId, FeedCursor cursors) {
        String type = first(params, "type");
        if (type != null) {
            String given = type;
            type = ContractType.known(given).map(ContractType::canonicalName)
                    .orElseGet(() -> given.equals(ContractType.CUSTOM.canonicalName()) ? given : null);
            if (type == null) {
                throw FeedException.invalid("type", "unknown contract type '" + given
                        + "': use a canonical type or alias (spec 1.6), or 'custom'");
            }
        }
        String status = first(params, "status");
        if (status != null && !STATUSES.contains(status)) {
            throw FeedException.invalid("status", "unknown status '" + status + "': one of " + STATUSES);
        }
        String view = first(params, "view");
        if (view != null && !view.equals("summary") && !view.equals("full")) {
            throw FeedException.invalid("view", "view must be 'full' or 'summary', was '" + view + "'");
        }
        String from = first(params, "from");
        if (from != null && !from.equals("now")) {
            throw FeedException.invalid("from", "from must be 'now' (or resume with a cursor), was '" + from + "'");
        }
        String cursor = first(params, "cursor");
        Map<String, FeedPosition> start;
        if (lastEventId != null && !lastEventId.isBlank()) {
            start = cursors.decode("Last-Event-ID", lastEventId);
        } else if (cursor != null) {
            start = cursors.decode("cursor", cursor);
        } else {
            start = cursors.all(from != null ? null : FeedPosition.START);
        }
        return new FeedRequest(type, status, "summary".equals(view), start);
    }

    private static String first(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        if (values == null || values.isEmpty() || values.get(0).isEmpty()) {
            return null;
        }
        return values.get(0);
    }
}
