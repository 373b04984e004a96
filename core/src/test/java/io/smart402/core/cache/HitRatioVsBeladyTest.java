package io.smart402.core.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The figure: a Zipf(0.99) read trace over 100,000 ids with L1 sized at 10% of the ids; the adaptive
 * L1's hit ratio against Bélády's offline optimum, the best online bound (a popularity oracle) and the other
 * policies on the same trace.
 * Counts, not time, so it belongs in the unit tests. The trace is seeded; the adaptive policy's figure still
 * varies in the fourth decimal between runs (0.774–0.776 seen), because Caffeine's admission of a candidate it
 * has seen often breaks ties with {@code ThreadLocalRandom}: the bounds below leave room for that.
 */
class HitRatioVsBeladyTest {

    private static final int IDS = 100_000;
    private static final int CAPACITY = IDS / 10;
    private static final int REQUESTS = 1_500_000;

    /** Zipf(s) ranks 0..ids-1 by inverse CDF, seeded. */
    static int[] zipfTrace(int ids, double s, int length, long seed) {
        double[] cdf = new double[ids];
        double sum = 0;
        for (int k = 0; k < ids; k++) {
            sum += 1.0 / Math.pow(k + 1, s);
            cdf[k] = sum;
        }
        SplittableRandom random = new SplittableRandom(seed);
        int[] trace = new int[length];
        for (int i = 0; i < length; i++) {
            double u = random.nextDouble() * sum;
            int lo = 0;
            int hi = ids - 1;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (cdf[mid] < u) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            // Scatter popularity over the id space so ids carry no order hint.
            trace[i] = (int) ((lo * 2_654_435_761L) % ids);
        }
        return trace;
    }

    static double simulate(CachePolicy policy, int[] trace, int capacity) {
        L1Cache<Boolean> cache = L1Caches.create(policy, capacity, Duration.ZERO, new FakeTicker());
        String[] keys = new String[IDS];
        for (int i = 0; i < IDS; i++) {
            keys[i] = "smart402:saas:" + i;
        }
        long hits = 0;
        for (int id : trace) {
            if (cache.get(keys[id]) != null) {
                hits++;
            } else {
                cache.put(keys[id], Boolean.TRUE);
            }
        }
        return (double) hits / trace.length;
    }

    /**
     * The best any online policy can do on an independent (IID) trace: keep the capacity most requested ids
     * of the whole trace from the start (knows popularity, not the order), compulsory misses included.
     */
    static double popularityOracle(int[] trace, int capacity) {
        int[] counts = new int[IDS];
        for (int id : trace) {
            counts[id]++;
        }
        int[] sorted = counts.clone();
        java.util.Arrays.sort(sorted);
        long top = 0;
        int kept = 0;
        for (int i = sorted.length - 1; i >= 0 && kept < capacity; i--, kept++) {
            top += Math.max(0, sorted[i] - 1);
        }
        return (double) top / trace.length;
    }

    @Test
    void adaptiveL1IsWithinThreePointsOfTheBestOnlinePolicyWhileBeladyIsOutOfReachForAny() {
        int[] trace = zipfTrace(IDS, 0.99, REQUESTS, 42);
        double optimum = Belady.hitRatio(trace, IDS, CAPACITY, false);
        double optimumWithBypass = Belady.hitRatio(trace, IDS, CAPACITY, true);
        Map<CachePolicy, Double> ratios = new EnumMap<>(CachePolicy.class);
        for (CachePolicy p : CachePolicy.values()) {
            ratios.put(p, simulate(p, trace, CAPACITY));
        }
        double oracle = popularityOracle(trace, CAPACITY);
        System.out.printf("Zipf(0.99), %d ids, capacity %d, %d requests: Belady %.4f (with bypass %.4f), "
                + "popularity oracle %.4f; %s%n", IDS, CAPACITY, REQUESTS, optimum, optimumWithBypass, oracle, ratios);
        double adaptive = ratios.get(CachePolicy.ADAPTIVE);
        // The issue asked for "within 3% of Belady". On this trace no online policy can get there: even an
        // oracle that knows every id's popularity in advance (the optimum for an IID trace without knowing the
        // order) stays more than 3 points below Belady, which also knows the order. So the honest bar is
        // that oracle; the Belady gap is reported (README "Cache") rather than asserted away.
        assertThat(optimum - oracle).as("Belady %.4f vs popularity oracle %.4f", optimum, oracle).isGreaterThan(0.03);
        assertThat(oracle - adaptive).as("oracle %.4f vs adaptive %.4f", oracle, adaptive).isLessThanOrEqualTo(0.03);
        assertThat(adaptive).isGreaterThan(ratios.get(CachePolicy.LRU)).isGreaterThan(ratios.get(CachePolicy.FIFO));
    }
}
