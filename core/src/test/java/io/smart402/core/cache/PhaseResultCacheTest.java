package io.smart402.core.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smart402.core.contract.Contract;
import io.smart402.core.phase.PhaseFixtures;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PhaseResultCacheTest {

    private final PhaseResultCache cache = new PhaseResultCache(16, new SimpleMeterRegistry());

    @Test
    void theSameContentFindsTheDocumentKeptForItAndOtherContentDoesNot() {
        Contract a = PhaseFixtures.example("a");
        Contract b = PhaseFixtures.example("b");
        byte[] document = "{\"id\":\"a\",\"status\":\"processed\"}".getBytes(StandardCharsets.UTF_8);

        assertThat(cache.find(a)).isNull();
        assertThat(cache.misses()).isEqualTo(1);
        cache.put(a, document);

        assertThat(cache.find(a)).isSameAs(document);
        assertThat(cache.hits()).isEqualTo(1);
        // Keyed by the content's digest: another contract is another entry.
        assertThat(cache.find(b)).isNull();
        assertThat(cache.misses()).isEqualTo(2);
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void aCacheOfNoEntriesIsRefused() {
        assertThatThrownBy(() -> new PhaseResultCache(0, new SimpleMeterRegistry()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cache.phase-results.max-entries");
    }
}
