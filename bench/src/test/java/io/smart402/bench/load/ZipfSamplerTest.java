package io.smart402.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ZipfSamplerTest {

    @Test
    void popularityFallsWithRankAndTheHeadDominates() {
        ZipfSampler zipf = new ZipfSampler(1_000, 1.0, 7);
        int[] counts = new int[1_000];
        for (int i = 0; i < 200_000; i++) {
            counts[zipf.next()]++;
        }
        assertThat(counts[0]).isGreaterThan(counts[1]).isGreaterThan(counts[9]);
        // rank 0 has probability 1/H(1000) = 0.1336
        assertThat(counts[0] / 200_000.0).isBetween(0.125, 0.142);
        assertThat(zipf.massOfTop(10)).isBetween(0.38, 0.40);
    }

    @Test
    void sameSeedSameSequence() {
        ZipfSampler a = new ZipfSampler(500, 0.99, 42);
        ZipfSampler b = new ZipfSampler(500, 0.99, 42);
        for (int i = 0; i < 1_000; i++) {
            assertThat(a.next()).isEqualTo(b.next());
        }
    }
}
