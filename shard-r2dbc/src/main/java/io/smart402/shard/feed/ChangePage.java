package io.smart402.shard.feed;

import java.util.List;

/**
 * One read of a shard's history after a position.
 *
 * @param changes at most the asked-for number of changes, in history order
 * @param next    where the next read starts: after the last change when the page is full, else the node's
 *                settled horizon (nothing below it can still appear), so an idle filtered feed does not re-scan
 * @param full      whether the page was cut at its limit (more changes may be waiting)
 * @param unsettled whether committed rows wait above the horizon, behind a transaction still running: they
 *                  become readable when it ends, which sends no notification if it rolls back
 */
public record ChangePage(List<Change> changes, FeedPosition next, boolean full, boolean unsettled) {

    public ChangePage {
        changes = List.copyOf(changes);
    }
}
