package io.smart402.bench.load;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Draws ranks {@code 0..n-1} with Zipf popularity: rank {@code k} has probability proportional to
 * {@code 1/(k+1)^s}. The cumulative distribution is precomputed once, so a draw is a binary search. Not
 * thread-safe (one instance per drawing thread, or draw on one thread).
 */
public final class ZipfSampler {

    private final double[] cdf;
    private final SplittableRandom random;

    public ZipfSampler(int n, double exponent, long seed) {
        if (n < 1) {
            throw new IllegalArgumentException("zipf n must be >= 1, was " + n);
        }
        if (!(exponent >= 0)) {
            throw new IllegalArgumentException("zipf exponent must be >= 0, was " + exponent);
        }
        this.cdf = new double[n];
        double sum = 0;
        for (int k = 0; k < n; k++) {
            sum += 1.0 / Math.pow(k + 1, exponent);
            cdf[k] = sum;
        }
        for (int k = 0; k < n; k++) {
            cdf[k] /= sum;
        }
        this.random = new SplittableRandom(seed);
    }

    /** The next rank. */
    public int next() {
        double u = random.nextDouble();
        int i = Arrays.binarySearch(cdf, u);
        return Math.min(i >= 0 ? i : -i - 1, cdf.length - 1);
    }

    /** The probability mass of the {@code top} most popular ranks (what a cache of that size could hit). */
    public double massOfTop(int top) {
        return top <= 0 ? 0 : cdf[Math.min(top, cdf.length) - 1];
    }
}
