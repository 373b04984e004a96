package io.smart402.shard.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smart402.shard.IdOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Placement and validation of the hash and range strategies (the directory needs a database: its own test). */
class StrategiesTest {

    private static final List<String> THREE = List.of("shard_0", "shard_1", "shard_2");

    private static RangeStrategy.Range range(String shard, String from, String to) {
        return new RangeStrategy.Range(shard, from, to);
    }

    @Test
    void hashIsMd5ModNLikeTheOriginal() {
        // Python: int(hashlib.md5(k.encode()).hexdigest(), 16) % n
        HashStrategy three = HashStrategy.of(THREE);
        assertThat(List.of("contract_0", "contract_1", "contract_2", "contract_3", "contract_4", "contract_5", "",
                "é✓\uD834\uDD1E").stream().map(three::shardFor))
                .containsExactly("shard_1", "shard_2", "shard_1", "shard_0", "shard_2", "shard_0", "shard_0",
                        "shard_2");
        HashStrategy five = HashStrategy.of(List.of("a", "b", "c", "d", "e"));
        assertThat(List.of("contract_0", "contract_1", "contract_3", "").stream().map(five::shardFor))
                .containsExactly("e", "c", "d", "b");
        assertThat(three.name()).isEqualTo("hash");
    }

    @Test
    void hashSpreadsKeysEvenly() {
        HashStrategy hash = HashStrategy.of(THREE);
        Map<String, Integer> counts = new HashMap<>();
        IntStream.range(0, 30_000).forEach(i -> counts.merge(hash.shardFor("contract_" + i), 1, Integer::sum));
        assertThat(counts.keySet()).containsExactlyInAnyOrderElementsOf(THREE);
        assertThat(counts.values()).allSatisfy(n -> assertThat(n).isBetween(9_500, 10_500));
    }

    @Test
    void hashRefusesNoOrDuplicateShards() {
        assertThatThrownBy(() -> HashStrategy.of(List.of())).hasMessageContaining("at least one shard");
        assertThatThrownBy(() -> HashStrategy.of(List.of("a", "a"))).hasMessageContaining("duplicate shard");
    }

    @Test
    void rangePlacesKeysByHalfOpenRangesInCodePointOrder() {
        RangeStrategy strategy = RangeStrategy.of(THREE, List.of(
                range("shard_0", "", "h"), range("shard_1", "h", "q"), range("shard_2", "q", "\uFF5A"),
                range("shard_0", "\uFF5A", null)));
        assertThat(strategy.shardFor("")).isEqualTo("shard_0");
        assertThat(strategy.shardFor("A")).isEqualTo("shard_0");
        assertThat(strategy.shardFor("gzzz")).isEqualTo("shard_0");
        assertThat(strategy.shardFor("h")).isEqualTo("shard_1");
        assertThat(strategy.shardFor("pzz")).isEqualTo("shard_1");
        assertThat(strategy.shardFor("q")).isEqualTo("shard_2");
        assertThat(strategy.shardFor("\uFF59")).isEqualTo("shard_2");
        // U+1D11E sorts after U+FF5A by code point, before it by UTF-16 unit.
        assertThat("\uD834\uDD1E".compareTo("\uFF5A")).isNegative();
        assertThat(strategy.shardFor("\uD834\uDD1E")).isEqualTo("shard_0");
        assertThat(strategy.shards()).isEqualTo(THREE);
        assertThat(strategy.name()).isEqualTo("range");
    }

    @Test
    void rangeValidationNamesTheRangeAndTheKeys() {
        assertThatThrownBy(() -> RangeStrategy.of(THREE, List.of()))
                .hasMessageContaining("at least one range");
        assertThatThrownBy(() -> RangeStrategy.of(THREE, List.of(range("shard_0", "b", null))))
                .hasMessageContaining("ranges[0].from is 'b'").hasMessageContaining("keys below 'b'");
        assertThatThrownBy(() -> RangeStrategy.of(THREE, List.of(range("shard_0", "", "m"), range("shard_1", "n", null))))
                .hasMessage("ranges[1].from is 'n' but ranges[0].to is 'm': keys from 'm' up to 'n' belong to no range");
        assertThatThrownBy(() -> RangeStrategy.of(THREE, List.of(range("shard_0", "", "m"), range("shard_1", "k", null))))
                .hasMessage("ranges[1].from is 'k' but ranges[0].to is 'm': keys from 'k' up to 'm' belong to two ranges");
        assertThatThrownBy(() -> RangeStrategy.of(THREE, List.of(range("shard_0", "", "m"), range("shard_1", "m", "z"))))
                .hasMessageContaining("ranges[1].to is 'z': keys from 'z' upwards belong to no range");
        assertThatThrownBy(() -> RangeStrategy.of(THREE, List.of(range("shard_0", "", null), range("shard_1", "m", null))))
                .hasMessageContaining("ranges[0] has no 'to' but is not the last range");
        assertThatThrownBy(() -> RangeStrategy.of(THREE, List.of(range("shard_0", "", "m"), range("shard_1", "m", "c"),
                        range("shard_2", "c", null))))
                .hasMessageContaining("ranges[1] is empty or reversed: from 'm' must sort before to 'c'");
        assertThatThrownBy(() -> RangeStrategy.of(THREE, List.of(range("shard_0", "", "m"), range("shard_9", "m", null))))
                .hasMessageContaining("ranges[1].shard 'shard_9' is not a shard of the fleet");
    }

    @Test
    void everyStrategyNamesOneOfItsShardsForAnyKey() {
        List<ShardingStrategy> strategies = List.of(ConsistentHashStrategy.of(THREE), HashStrategy.of(THREE),
                RangeStrategy.of(THREE, List.of(range("shard_0", "", "c"), range("shard_2", "c", null))));
        java.util.Random random = new java.util.Random(42);
        List<String> keys = new ArrayList<>(Arrays.asList("", "\u0000", "\uFFFF", "\uD834\uDD1E", "contract_1"));
        for (int i = 0; i < 2000; i++) {
            keys.add(random.ints(random.nextInt(12), 1, 0x2FFFF).collect(StringBuilder::new,
                    StringBuilder::appendCodePoint, StringBuilder::append).toString());
        }
        for (ShardingStrategy s : strategies) {
            assertThat(keys).allSatisfy(k -> assertThat(s.shards()).contains(s.shardFor(k)));
        }
    }

    @Test
    void idOrderIsCodePointOrder() {
        List<String> ids = new ArrayList<>(List.of("b", "a", "B", "\uFF5A", "\uD834\uDD1E", "ab", "", "\uE000"));
        ids.sort(IdOrder.COMPARATOR);
        assertThat(ids).containsExactly("", "B", "a", "ab", "b", "\uE000", "\uFF5A", "\uD834\uDD1E");
        ids.sort(String::compareTo);
        assertThat(ids.indexOf("\uD834\uDD1E")).isLessThan(ids.indexOf("\uE000"));
    }

    @Test
    void directoryNeedsItsTableAndARealFallback() {
        DirectoryStrategy directory = DirectoryStrategy.withFallback(HashStrategy.of(THREE));
        assertThatThrownBy(() -> directory.shardFor("k")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("before its table was loaded");
        assertThat(directory.shards()).isEqualTo(THREE);
        assertThatThrownBy(() -> DirectoryStrategy.withFallback(directory))
                .hasMessageContaining("fallback cannot itself be a directory");
    }
}
