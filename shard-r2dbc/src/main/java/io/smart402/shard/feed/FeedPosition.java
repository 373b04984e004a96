package io.smart402.shard.feed;

import java.util.Objects;

/**
 * A place in one shard's change history: after every change with a smaller {@code (xid, id)}. {@code xid} is
 * the writing transaction's id on the shard's primary (see migration V6), {@code id} the contract id that breaks
 * ties within one transaction; the empty id means "before every id of that transaction" (ids are never empty).
 */
public record FeedPosition(long xid, String id) {

    /** Before every change the node has (rows written before V6 have xid 0). */
    public static final FeedPosition START = new FeedPosition(0, "");

    public FeedPosition {
        if (xid < 0) {
            throw new IllegalArgumentException("xid must be >= 0, was " + xid);
        }
        Objects.requireNonNull(id, "id");
    }

    /** Before every change of transaction {@code horizon} and later ones: every earlier one has been seen. */
    public static FeedPosition settledBelow(long horizon) {
        return new FeedPosition(horizon, "");
    }

    /** Whether this position lies before {@code other} (id order is the node's; only equal ids are compared). */
    boolean beforeXid(FeedPosition other) {
        return xid < other.xid;
    }
}
