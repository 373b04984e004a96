package io.smart402.server.view;

import io.smart402.core.resilience.deadletter.DeadLetter;
import java.util.List;

/**
 * One page of {@code GET /admin/dead-letters}.
 *
 * @param next        the link to the following page, or null on the last
 * @param unreachable nodes that did not answer (then {@code partial})
 */
public record DeadLetterPageView(List<Item> items, String next, boolean partial, List<String> unreachable) {

    /** One letter, without its payload. */
    public record Item(String id, String key, String error, int attempts, String firstFailedAt, String lastFailedAt) {

        public static Item of(DeadLetter l) {
            return new Item(l.id(), l.key(), l.error(), l.attempts(), l.firstFailedAt().toString(),
                    l.lastFailedAt().toString());
        }
    }
}
