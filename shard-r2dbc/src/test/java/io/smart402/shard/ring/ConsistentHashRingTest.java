package io.smart402.shard.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ConsistentHashRingTest {

    private static final List<String> THREE = List.of("shard_0", "shard_1", "shard_2");

    @Test
    void mapsFirstContractsLikeTheOriginal() {
        ConsistentHashRing ring = ConsistentHashRing.of(THREE);

        assertThat(IntStream.range(0, 6).mapToObj(i -> ring.shardFor("contract_" + i)))
                .containsExactly("shard_1", "shard_2", "shard_0", "shard_2", "shard_0", "shard_0");
    }

    @Test
    void splitsAThousandContractsLikeTheOriginal() {
        ConsistentHashRing ring = ConsistentHashRing.of(THREE);

        assertThat(countPerShard(ring, 1000)).containsExactly(
                Map.entry("shard_0", 327), Map.entry("shard_1", 347), Map.entry("shard_2", 326));
    }

    @Test
    void defaultsAreTheOriginals() {
        ConsistentHashRing ring = ConsistentHashRing.of(THREE);

        assertThat(ring.virtualNodes()).isEqualTo(150);
        assertThat(ring.pointCount()).isEqualTo(450);
        assertThat(ring.shards()).containsExactlyElementsOf(THREE);
        assertThat(ring.weight("shard_1")).isEqualTo(1.0);
    }

    @Test
    void binarySearchAgreesWithLinearScanOnRandomKeys() {
        // Few points make wrap-around (key above the largest point) common, so that branch is exercised too.
        Map<String, Double> sparse = Map.of("a", 1.0, "b", 0.5, "c", 2.0);
        Map<String, Double> dense = new LinkedHashMap<>();
        THREE.forEach(s -> dense.put(s, 1.0));
        dense.put("shard_3", 1.7);

        assertAgreesWithLinearScan(4, sparse);
        assertAgreesWithLinearScan(150, dense);
    }

    @Test
    void balancesAMillionKeysOverThreeShards() {
        ConsistentHashRing ring = ConsistentHashRing.of(THREE);
        int keys = 1_000_000;

        Map<String, Integer> counts = countPerShard(ring, keys);
        double mean = keys / 3.0;
        double maxOverMean = counts.values().stream().mapToInt(Integer::intValue).max().orElseThrow() / mean;
        System.out.printf("ring balance over %d keys, 3 shards x 150 vnodes: %s, max/mean = %.4f%n",
                keys, counts, maxOverMean);

        // The ring is deterministic: the original gives 357066/324990/317944 (max/mean 1.0712) for these keys.
        // 150 points per shard leave each share a standard deviation of about 6.7% of the mean (Beta(150, 300)),
        // so 1.10 bounds this ring, not every ring of three shards.
        assertThat(counts).containsEntry("shard_1", 357_066).containsEntry("shard_0", 324_990)
                .containsEntry("shard_2", 317_944);
        assertThat(maxOverMean).isLessThan(1.10);
    }

    @Test
    void addingAShardMovesOnlyKeysToTheNewShard() {
        ConsistentHashRing before = ConsistentHashRing.of(THREE);
        ConsistentHashRing after = before.withShard("shard_3", 1.0);
        int keys = 200_000;

        int moved = 0;
        for (int i = 0; i < keys; i++) {
            String key = "contract_" + i;
            String was = before.shardFor(key);
            String now = after.shardFor(key);
            if (!was.equals(now)) {
                assertThat(now).as("new owner of moved key %s", key).isEqualTo("shard_3");
                moved++;
            }
        }
        assertThat(moved / (double) keys).isCloseTo(0.25, within(0.04));
        assertThat(before.shards()).containsExactlyElementsOf(THREE);
    }

    @Test
    void removingAShardMovesOnlyItsKeys() {
        ConsistentHashRing before = ConsistentHashRing.of(List.of("shard_0", "shard_1", "shard_2", "shard_3"));
        ConsistentHashRing after = before.withoutShard("shard_2");

        for (int i = 0; i < 200_000; i++) {
            String key = "contract_" + i;
            String was = before.shardFor(key);
            String now = after.shardFor(key);
            if (was.equals("shard_2")) {
                assertThat(now).isNotEqualTo("shard_2");
            } else {
                assertThat(now).as("owner of %s, not on the removed shard", key).isEqualTo(was);
            }
        }
        assertThat(after.shards()).containsExactly("shard_0", "shard_1", "shard_3");
    }

    @Test
    void keySharesFollowWeights() {
        ConsistentHashRing ring = ConsistentHashRing.builder()
                .shard("small", 1.0).shard("medium", 2.0).shard("large", 3.0).build();
        int keys = 300_000;

        Map<String, Integer> counts = countPerShard(ring, keys);

        assertThat(ring.pointCount()).isEqualTo(150 + 300 + 450);
        assertShareNearWeight(counts.get("small") / (double) keys, 150, 900);
        assertShareNearWeight(counts.get("medium") / (double) keys, 300, 900);
        assertShareNearWeight(counts.get("large") / (double) keys, 450, 900);
    }

    /**
     * With random point positions, a shard owning k of n points gets a Beta(k, n - k) share of the ring, so its
     * standard deviation is sqrt(k (n - k) / (n^2 (n + 1))); three of those is a bound a sound ring stays inside.
     */
    private static void assertShareNearWeight(double share, int points, int total) {
        double expected = points / (double) total;
        double sigma = Math.sqrt(points * (double) (total - points) / ((double) total * total * (total + 1)));
        assertThat(share).isCloseTo(expected, within(3 * sigma));
    }

    @Test
    void roundsPointCountsHalfToEvenLikePython() {
        // 150 * 0.51 = 76.5 -> 76 and 150 * 0.49 = 73.5 -> 74 under Python's round().
        ConsistentHashRing ring = ConsistentHashRing.builder().shard("a", 0.51).shard("b", 0.49).build();

        assertThat(ring.pointCount()).isEqualTo(76 + 74);
    }

    @Test
    void builderRejectsNonsenseNamingTheSetting() {
        assertThatThrownBy(() -> ConsistentHashRing.builder().shard("x").shard("x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duplicate shard 'x'");
        assertThatThrownBy(() -> ConsistentHashRing.builder().shard("x", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shard 'x': weight must be > 0");
        assertThatThrownBy(() -> ConsistentHashRing.builder().shard("x", -1))
                .hasMessageContaining("weight must be > 0");
        assertThatThrownBy(() -> ConsistentHashRing.builder().shard("x", Double.NaN))
                .hasMessageContaining("weight must be > 0");
        assertThatThrownBy(() -> ConsistentHashRing.builder().shard("x", Double.POSITIVE_INFINITY))
                .hasMessageContaining("finite");
        assertThatThrownBy(() -> ConsistentHashRing.builder().virtualNodes(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("virtualNodes must be >= 1");
        assertThatThrownBy(() -> ConsistentHashRing.builder().virtualNodes(10).virtualNodes(20))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("virtualNodes was already set");
        assertThatThrownBy(() -> ConsistentHashRing.builder().build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no shards");
        assertThatThrownBy(() -> ConsistentHashRing.builder().shard("x", 0.001).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shard 'x'")
                .hasMessageContaining("no ring point");
        assertThatThrownBy(() -> ConsistentHashRing.builder().shard(""))
                .hasMessageContaining("shard id must not be empty");
    }

    @Test
    void changesRejectUnknownOrDuplicateShards() {
        ConsistentHashRing ring = ConsistentHashRing.of(THREE);

        assertThatThrownBy(() -> ring.withShard("shard_1", 1.0)).hasMessageContaining("duplicate shard 'shard_1'");
        assertThatThrownBy(() -> ring.withoutShard("nope")).hasMessageContaining("unknown shard 'nope'");
        assertThatThrownBy(() -> ConsistentHashRing.of(List.of("only")).withoutShard("only"))
                .hasMessageContaining("no shards");
        assertThatThrownBy(() -> ring.shards().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void keepsVirtualNodesAcrossChanges() {
        ConsistentHashRing ring = ConsistentHashRing.builder().virtualNodes(10).shard("a").shard("b").build();

        assertThat(ring.withShard("c", 2.0).pointCount()).isEqualTo(40);
        assertThat(ring.withoutShard("a").virtualNodes()).isEqualTo(10);
    }

    private static Map<String, Integer> countPerShard(ConsistentHashRing ring, int keys) {
        Map<String, Integer> counts = new TreeMap<>();
        for (int i = 0; i < keys; i++) {
            counts.merge(ring.shardFor("contract_" + i), 1, Integer::sum);
        }
        return counts;
    }

    private static void assertAgreesWithLinearScan(int virtualNodes, Map<String, Double> weights) {
        ConsistentHashRing.Builder b = ConsistentHashRing.builder().virtualNodes(virtualNodes);
        weights.forEach(b::shard);
        ConsistentHashRing ring = b.build();
        List<ReferencePoint> points = referencePoints(virtualNodes, weights);
        BigInteger largest = points.get(points.size() - 1).hash;
        Random random = new Random(402);

        int wrapped = 0;
        for (int i = 0; i < 20_000; i++) {
            String key = Long.toHexString(random.nextLong()) + "/" + i;
            BigInteger h = pythonHash(key);
            if (h.compareTo(largest) > 0) {
                wrapped++;
            }
            assertThat(ring.shardFor(key)).as("owner of %s", key).isEqualTo(linearScan(points, h));
        }
        assertThat(wrapped).as("keys above the largest point").isPositive();
    }

    /** Independent reference: Python's int(md5(s).hexdigest(), 16), compared as BigInteger, scanned linearly. */
    private static String linearScan(List<ReferencePoint> sorted, BigInteger keyHash) {
        for (ReferencePoint p : sorted) {
            if (p.hash.compareTo(keyHash) >= 0) {
                return p.owner;
            }
        }
        return sorted.get(0).owner;
    }

    private static List<ReferencePoint> referencePoints(int virtualNodes, Map<String, Double> weights) {
        List<ReferencePoint> points = new ArrayList<>();
        weights.forEach((shard, w) -> {
            for (int i = 0; i < Math.rint(virtualNodes * w); i++) {
                points.add(new ReferencePoint(pythonHash(shard + ":" + i), shard));
            }
        });
        points.sort(Comparator.comparing(ReferencePoint::hash));
        return points;
    }

    private static BigInteger pythonHash(String s) {
        try {
            return new BigInteger(1, MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private record ReferencePoint(BigInteger hash, String owner) {}
}
