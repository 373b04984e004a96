package io.smart402.shard.routing;

import io.smart402.shard.IdOrder;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * {@code range}: configured key ranges, each {@code [from, to)} in {@link IdOrder} (code point) order, owned by one
 * shard. The ranges must be listed in order and cover every key exactly once — the first starts at {@code ""}, each
 * starts where the previous one ends and the last is open-ended — so a bad list fails at start-up, naming the
 * ranges and the keys at fault, never at the first unlucky write.
 */
public final class RangeStrategy implements ShardingStrategy {

    /**
     * One range of keys.
     *
     * @param from first key of the range (inclusive); {@code ""} for the first range
     * @param to   end of the range (exclusive), or null for the last, open-ended range
     */
    public record Range(String shard, String from, String to) {

        public Range {
            Objects.requireNonNull(shard, "range.shard");
            Objects.requireNonNull(from, "range.from");
        }
    }

    private final List<String> shards;
    private final List<Range> ranges;
    private final String[] starts;
    private final String[] owners;

    private RangeStrategy(List<String> shards, List<Range> ranges) {
        this.shards = shards;
        this.ranges = ranges;
        this.starts = ranges.stream().map(Range::from).toArray(String[]::new);
        this.owners = ranges.stream().map(Range::shard).toArray(String[]::new);
    }

    /**
     * Validates {@code ranges} against {@code shards} (every shard the fleet has; a shard may own several ranges or
     * none) and builds the strategy.
     *
     * @throws IllegalArgumentException naming the range (by index) and the keys left uncovered or covered twice
     */
    public static RangeStrategy of(List<String> shards, List<Range> ranges) {
        List<String> fleet = List.copyOf(shards);
        List<Range> list = List.copyOf(ranges);
        validate(list);
        Set<String> known = new LinkedHashSet<>(fleet);
        for (int i = 0; i < list.size(); i++) {
            if (!known.contains(list.get(i).shard())) {
                throw new IllegalArgumentException("ranges[" + i + "].shard '" + list.get(i).shard()
                        + "' is not a shard of the fleet " + fleet);
            }
        }
        return new RangeStrategy(fleet, list);
    }

    /** Checks that {@code ranges} cover every key exactly once; messages name the range index and the keys. */
    public static void validate(List<Range> ranges) {
        if (ranges.isEmpty()) {
            throw new IllegalArgumentException("ranges: at least one range is required (the first from \"\", the last "
                    + "without 'to')");
        }
        Range first = ranges.get(0);
        if (!first.from().isEmpty()) {
            throw new IllegalArgumentException("ranges[0].from is '" + first.from() + "': keys below '" + first.from()
                    + "' (e.g. '') belong to no range; the first range must start at \"\"");
        }
        for (int i = 0; i < ranges.size(); i++) {
            Range r = ranges.get(i);
            if (r.to() == null) {
                if (i != ranges.size() - 1) {
                    throw new IllegalArgumentException("ranges[" + i + "] has no 'to' but is not the last range: "
                            + "only the last range is open-ended");
                }
                continue;
            }
            if (IdOrder.compare(r.from(), r.to()) >= 0) {
                throw new IllegalArgumentException("ranges[" + i + "] is empty or reversed: from '" + r.from()
                        + "' must sort before to '" + r.to() + "'");
            }
            if (i == ranges.size() - 1) {
                throw new IllegalArgumentException("ranges[" + i + "].to is '" + r.to() + "': keys from '" + r.to()
                        + "' upwards belong to no range; leave 'to' out on the last range");
            }
            String next = ranges.get(i + 1).from();
            int c = IdOrder.compare(next, r.to());
            if (c > 0) {
                throw new IllegalArgumentException("ranges[" + (i + 1) + "].from is '" + next + "' but ranges[" + i
                        + "].to is '" + r.to() + "': keys from '" + r.to() + "' up to '" + next
                        + "' belong to no range");
            }
            if (c < 0) {
                throw new IllegalArgumentException("ranges[" + (i + 1) + "].from is '" + next + "' but ranges[" + i
                        + "].to is '" + r.to() + "': keys from '" + next + "' up to '" + r.to()
                        + "' belong to two ranges");
            }
        }
    }

    @Override
    public String shardFor(String key) {
        // The last range whose start is <= key; ranges[0] starts at "", so there always is one.
        int lo = 0;
        int hi = starts.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (IdOrder.compare(starts[mid], key) <= 0) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return owners[lo];
    }

    @Override
    public List<String> shards() {
        return shards;
    }

    /** The ranges, in key order. */
    public List<Range> ranges() {
        return ranges;
    }

    @Override
    public String name() {
        return "range";
    }
}
