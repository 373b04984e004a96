package io.smart402.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DashboardConfigTest {

    private static ServerConfig load(String... overrides) {
        return ConfigLoader.load(null, Map.of(), List.of(overrides));
    }

    @Test
    void defaultsAreOneEventPerSecondOverTenSeconds() {
        DashboardConfig d = load().dashboard();
        assertThat(d.interval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(d.window()).isEqualTo(Duration.ofSeconds(10));
        assertThat(d.windowSamples()).isEqualTo(10);
        assertThat(d.heartbeat()).isEqualTo(Duration.ofSeconds(15));
        assertThat(d.buffer()).isEqualTo(16);
        assertThat(d.maxSubscribers()).isEqualTo(32);
        assertThat(d.sessionTtl()).isEqualTo(Duration.ofHours(12));
        assertThat(load("dashboard.interval=250ms", "dashboard.window=1s").dashboard().windowSamples()).isEqualTo(4);
    }

    @Test
    void badValuesNameTheirKey() {
        assertThatThrownBy(() -> load("dashboard.interval=0s")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'dashboard.interval' must be positive");
        assertThatThrownBy(() -> load("dashboard.window=500ms"))
                .hasMessageContaining("'dashboard.window' must be at least 'dashboard.interval'");
        assertThatThrownBy(() -> load("dashboard.buffer=0")).hasMessageContaining("'dashboard.buffer' must be between 1");
        assertThatThrownBy(() -> load("dashboard.max-subscribers=0"))
                .hasMessageContaining("'dashboard.max-subscribers' must be between 1");
        assertThatThrownBy(() -> load("dashboard.refresh=1s")).hasMessageContaining("refresh");
    }
}
