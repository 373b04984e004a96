package io.smart402.bench.jmh;

import io.smart402.shard.ring.ConsistentHashRing;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Hash-ring lookup: {@link ConsistentHashRing#shardFor} (MD5 + binary search over 150 points per shard) against a
 * linear scan of the same points (the obvious implementation), both including the key's MD5.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RingLookupBenchmark {

    @Param({"3", "16", "64"})
    public int shards;

    private ConsistentHashRing ring;
    private LinearScanRing linear;
    private String[] keys;
    private int next;

    @Setup
    public void setUp() {
        List<String> ids = new ArrayList<>();
        for (int s = 0; s < shards; s++) {
            ids.add("shard_" + s);
        }
        ring = ConsistentHashRing.of(ids);
        linear = new LinearScanRing(ids, ConsistentHashRing.DEFAULT_VIRTUAL_NODES);
        keys = new String[1024];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = "smart402:saas-subscription:contract-" + i;
        }
    }

    @Benchmark
    public String ringBinarySearch() {
        return ring.shardFor(keys[next++ & 1023]);
    }

    @Benchmark
    public String linearScanBaseline() {
        return linear.shardFor(keys[next++ & 1023]);
    }

    /** The same ring points scanned in order for the first point at or after the key's hash. */
    static final class LinearScanRing {
        private final long[] high;
        private final long[] low;
        private final String[] owner;
        private final MessageDigest md5;

        LinearScanRing(List<String> shards, int virtualNodes) {
            md5 = newMd5();
            List<Object[]> points = new ArrayList<>();
            for (String s : shards) {
                for (int i = 0; i < virtualNodes; i++) {
                    long[] h = hash(s + ":" + i);
                    points.add(new Object[] {h[0], h[1], s});
                }
            }
            points.sort((a, b) -> compare((long) a[0], (long) a[1], (long) b[0], (long) b[1]));
            high = new long[points.size()];
            low = new long[points.size()];
            owner = new String[points.size()];
            for (int i = 0; i < points.size(); i++) {
                high[i] = (long) points.get(i)[0];
                low[i] = (long) points.get(i)[1];
                owner[i] = (String) points.get(i)[2];
            }
        }

        String shardFor(String key) {
            long[] h = hash(key);
            for (int i = 0; i < high.length; i++) {
                if (compare(high[i], low[i], h[0], h[1]) >= 0) {
                    return owner[i];
                }
            }
            return owner[0];
        }

        private long[] hash(String s) {
            byte[] d = md5.digest(s.getBytes(StandardCharsets.UTF_8));
            long hi = 0;
            long lo = 0;
            for (int i = 0; i < 8; i++) {
                hi = (hi << 8) | (d[i] & 0xFFL);
                lo = (lo << 8) | (d[i + 8] & 0xFFL);
            }
            return new long[] {hi, lo};
        }

        private static int compare(long aHigh, long aLow, long bHigh, long bLow) {
            int c = Long.compareUnsigned(aHigh, bHigh);
            return c != 0 ? c : Long.compareUnsigned(aLow, bLow);
        }

        private static MessageDigest newMd5() {
            try {
                return MessageDigest.getInstance("MD5");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
