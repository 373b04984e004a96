package io.smart402.core.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class L1CachesTest {

    private static L1Cache<String> cache(CachePolicy policy, long max, Duration ttl, FakeTicker ticker) {
        return L1Caches.create(policy, max, ttl, ticker);
    }

    @ParameterizedTest
    @EnumSource(CachePolicy.class)
    void staysWithinItsBoundAndCountsEvictions(CachePolicy policy) {
        L1Cache<String> c = cache(policy, 100, Duration.ZERO, new FakeTicker());
        IntStream.range(0, 1000).forEach(i -> c.put("k" + i, "v" + i));
        assertThat(c.size()).isLessThanOrEqualTo(100);
        assertThat(c.evictions()).isGreaterThanOrEqualTo(900);
        assertThat(c.policy()).isEqualTo(policy);
    }

    @ParameterizedTest
    @EnumSource(CachePolicy.class)
    void entriesExpireAfterTheTtlInVirtualTime(CachePolicy policy) {
        FakeTicker ticker = new FakeTicker();
        L1Cache<String> c = cache(policy, 100, Duration.ofSeconds(10), ticker);
        c.put("a", "1");
        ticker.advance(Duration.ofSeconds(9));
        assertThat(c.get("a")).isEqualTo("1");
        ticker.advance(Duration.ofSeconds(1));
        assertThat(c.get("a")).isNull();
        assertThat(c.putIfAbsent("a", "2")).isTrue();
        assertThat(c.putIfAbsent("a", "3")).isFalse();
        assertThat(c.get("a")).isEqualTo("2");
    }

    @ParameterizedTest
    @EnumSource(CachePolicy.class)
    void invalidatesByKeyAndByPredicate(CachePolicy policy) {
        L1Cache<String> c = cache(policy, 100, Duration.ZERO, new FakeTicker());
        c.put("aeo:1", "x");
        c.put("aeo:2", "x");
        c.put("scc:1", "x");
        c.invalidate("scc:1");
        assertThat(c.get("scc:1")).isNull();
        assertThat(c.invalidateIf(Globs.matcher("aeo:*"))).isEqualTo(2);
        assertThat(c.size()).isZero();
    }

    @Test
    void lruKeepsTheRecentlyReadAndFifoDoesNot() {
        for (CachePolicy policy : new CachePolicy[] {CachePolicy.LRU, CachePolicy.FIFO}) {
            L1Cache<String> c = cache(policy, 2, Duration.ZERO, new FakeTicker());
            c.put("a", "1");
            c.put("b", "2");
            c.get("a");
            c.put("c", "3");
            if (policy == CachePolicy.LRU) {
                assertThat(c.get("a")).isEqualTo("1");
                assertThat(c.get("b")).isNull();
            } else {
                assertThat(c.get("a")).isNull();
                assertThat(c.get("b")).isEqualTo("2");
            }
        }
    }

    @Test
    void lfuEvictsTheLeastUsedOldestFirst() {
        L1Cache<String> c = cache(CachePolicy.LFU, 3, Duration.ZERO, new FakeTicker());
        c.put("a", "1");
        c.put("b", "2");
        c.put("c", "3");
        c.get("a");
        c.get("a");
        c.get("c");
        c.put("d", "4");
        assertThat(c.get("b")).isNull();
        c.invalidate("d");
        c.put("e", "5");
        c.put("f", "6");
        assertThat(c.get("a")).isEqualTo("1");
        assertThat(c.size()).isEqualTo(3);
    }

    @Test
    void globsFollowRedisSyntax() {
        assertThat(Globs.matcher("aeo:*").test("aeo:x:y")).isTrue();
        assertThat(Globs.matcher("aeo:*").test("llmo:x")).isFalse();
        assertThat(Globs.matcher("h?llo").test("hello")).isTrue();
        assertThat(Globs.matcher("h[ae]llo").test("hallo")).isTrue();
        assertThat(Globs.matcher("h[^e]llo").test("hello")).isFalse();
        assertThat(Globs.matcher("a.b").test("axb")).isFalse();
        assertThat(Globs.matcher(Globs.escape("smart402:*:") + "*").test("smart402:*:k")).isTrue();
        assertThat(Globs.matcher(Globs.escape("smart402:*:") + "*").test("smart402:x:k")).isFalse();
    }
}
