package io.smart402.shard.ring;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable, thread-safe consistent-hash ring of weighted virtual nodes that maps keys to shard ids exactly as
 * the original Python {@code ShardManager} did (MD5, 150 points {@code "{shard}:{i}"} per shard, first point at or
 * after the key's hash, wrapping to the smallest point; see contracts.md section 5).
 */
public final class ConsistentHashRing {

    /** Virtual nodes per shard of weight 1.0, as in the original. */
    public static final int DEFAULT_VIRTUAL_NODES = 150;

    // A weight so large that one shard gets millions of points is a configuration mistake, not a wish.
    private static final int MAX_POINTS_PER_SHARD = 1 << 20;

    private final int virtualNodes;
    private final Map<String, Double> weights;
    private final List<String> shards;
    // Ring points sorted ascending as unsigned 128-bit values, split into parallel primitive arrays so a lookup
    // is a cache-friendly binary search with no boxing.
    private final long[] pointHigh;
    private final long[] pointLow;
    private final String[] pointOwner;

    private ConsistentHashRing(int virtualNodes, Map<String, Double> weights) {
        this.virtualNodes = virtualNodes;
        this.weights = Collections.unmodifiableMap(new LinkedHashMap<>(weights));
        this.shards = List.copyOf(weights.keySet());

        List<Point> points = new ArrayList<>();
        long[] h = new long[2];
        for (Map.Entry<String, Double> shard : weights.entrySet()) {
            int count = pointCount(shard.getKey(), shard.getValue(), virtualNodes);
            for (int i = 0; i < count; i++) {
                Md5Hash.hash(shard.getKey() + ":" + i, h);
                points.add(new Point(h[0], h[1], shard.getKey()));
            }
        }
        points.sort((a, b) -> Md5Hash.compare(a.high, a.low, b.high, b.low));
        List<Point> unique = keepLastOfEqualHashes(points);

        int n = unique.size();
        this.pointHigh = new long[n];
        this.pointLow = new long[n];
        this.pointOwner = new String[n];
        for (int i = 0; i < n; i++) {
            Point p = unique.get(i);
            pointHigh[i] = p.high;
            pointLow[i] = p.low;
            pointOwner[i] = p.owner;
        }
    }

    /** Starts a ring description; at least one shard is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** A ring of the given shards, each with weight 1.0 and {@value #DEFAULT_VIRTUAL_NODES} virtual nodes. */
    public static ConsistentHashRing of(List<String> shardIds) {
        Objects.requireNonNull(shardIds, "shardIds");
        Builder b = builder();
        shardIds.forEach(b::shard);
        return b.build();
    }

    /** The shard that owns {@code key}. */
    public String shardFor(String key) {
        Objects.requireNonNull(key, "key");
        long[] h = new long[2];
        Md5Hash.hash(key, h);
        return pointOwner[firstPointAtOrAfter(h[0], h[1])];
    }

    /** The shard ids in the order they were added. */
    public List<String> shards() {
        return shards;
    }

    /** The weight of {@code shardId}, or throws if the ring does not contain it. */
    public double weight(String shardId) {
        Double w = weights.get(shardId);
        if (w == null) {
            throw new IllegalArgumentException("unknown shard '" + shardId + "'; shards are " + shards);
        }
        return w;
    }

    /** Virtual nodes per shard of weight 1.0. */
    public int virtualNodes() {
        return virtualNodes;
    }

    /** A new ring with {@code shardId} added; the keys that move all move to the new shard. */
    public ConsistentHashRing withShard(String shardId, double weight) {
        return toBuilder().shard(shardId, weight).build();
    }

    /** A new ring without {@code shardId}; only that shard's keys move. */
    public ConsistentHashRing withoutShard(String shardId) {
        if (!weights.containsKey(shardId)) {
            throw new IllegalArgumentException("unknown shard '" + shardId + "'; shards are " + shards);
        }
        Builder b = builder().virtualNodes(virtualNodes);
        weights.forEach((id, w) -> {
            if (!id.equals(shardId)) {
                b.shard(id, w);
            }
        });
        return b.build();
    }

    @Override
    public String toString() {
        return "ConsistentHashRing{virtualNodes=" + virtualNodes + ", weights=" + weights
                + ", points=" + pointOwner.length + "}";
    }

    // Package-private so tests can check how many points the weights produced.
    int pointCount() {
        return pointOwner.length;
    }

    private Builder toBuilder() {
        Builder b = builder().virtualNodes(virtualNodes);
        weights.forEach(b::shard);
        return b;
    }

    private int firstPointAtOrAfter(long high, long low) {
        int lo = 0;
        int hi = pointHigh.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (Md5Hash.compare(pointHigh[mid], pointLow[mid], high, low) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo == pointHigh.length ? 0 : lo;
    }

    private static int pointCount(String shardId, double weight, int virtualNodes) {
        // Math.rint rounds half to even, like Python's round().
        double count = Math.rint(virtualNodes * weight);
        if (count < 1) {
            throw new IllegalArgumentException("shard '" + shardId + "': weight " + weight + " times virtualNodes "
                    + virtualNodes + " rounds to no ring point; raise the weight or virtualNodes");
        }
        if (count > MAX_POINTS_PER_SHARD) {
            throw new IllegalArgumentException("shard '" + shardId + "': weight " + weight + " times virtualNodes "
                    + virtualNodes + " exceeds " + MAX_POINTS_PER_SHARD + " ring points");
        }
        return (int) count;
    }

    // The original kept its points in a dict keyed by hash, so on a (practically impossible) collision the shard
    // inserted last won; the sort is stable, so the last of a run of equal hashes is the one inserted last.
    private static List<Point> keepLastOfEqualHashes(List<Point> sorted) {
        List<Point> out = new ArrayList<>(sorted.size());
        for (int i = 0; i < sorted.size(); i++) {
            Point p = sorted.get(i);
            boolean nextEqual = i + 1 < sorted.size()
                    && Md5Hash.compare(p.high, p.low, sorted.get(i + 1).high, sorted.get(i + 1).low) == 0;
            if (!nextEqual) {
                out.add(p);
            }
        }
        return out;
    }

    private record Point(long high, long low, String owner) {}

    /** Collects the ring settings and refuses nonsense at the call that sets it. */
    public static final class Builder {

        private int virtualNodes = -1;
        private final Map<String, Double> weights = new LinkedHashMap<>();

        private Builder() {}

        /** Virtual nodes for a shard of weight 1.0 (default {@value ConsistentHashRing#DEFAULT_VIRTUAL_NODES}). */
        public Builder virtualNodes(int virtualNodes) {
            if (this.virtualNodes != -1) {
                throw new IllegalStateException("virtualNodes was already set to " + this.virtualNodes);
            }
            if (virtualNodes < 1) {
                throw new IllegalArgumentException("virtualNodes must be >= 1, was " + virtualNodes);
            }
            this.virtualNodes = virtualNodes;
            return this;
        }

        /** Adds a shard of weight 1.0. */
        public Builder shard(String shardId) {
            return shard(shardId, 1.0);
        }

        /** Adds a shard that gets {@code round(virtualNodes * weight)} ring points. */
        public Builder shard(String shardId, double weight) {
            Objects.requireNonNull(shardId, "shardId");
            if (shardId.isEmpty()) {
                throw new IllegalArgumentException("shard id must not be empty");
            }
            if (weights.containsKey(shardId)) {
                throw new IllegalArgumentException("duplicate shard '" + shardId + "'");
            }
            if (!(weight > 0) || Double.isInfinite(weight)) {
                throw new IllegalArgumentException(
                        "shard '" + shardId + "': weight must be > 0 and finite, was " + weight);
            }
            weights.put(shardId, weight);
            return this;
        }

        /** Builds the ring; fails if no shard was added or a weight yields no ring point. */
        public ConsistentHashRing build() {
            if (weights.isEmpty()) {
                throw new IllegalStateException("no shards: add at least one with shard(id)");
            }
            return new ConsistentHashRing(virtualNodes == -1 ? DEFAULT_VIRTUAL_NODES : virtualNodes, weights);
        }
    }
}
