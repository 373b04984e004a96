package io.smart402.server.config;

import io.smart402.shard.routing.RangeStrategy;

/** One {@code store.range.ranges} entry as the file spells it: {@code from} may be left out on the first. */
record RangeSpec(String shard, String from, String to) {

    RangeSpec {
        Check.text("shard", shard);
        from = from == null ? "" : from;
    }

    RangeStrategy.Range range() {
        return new RangeStrategy.Range(shard, from, to);
    }
}
