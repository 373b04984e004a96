package io.smart402.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code gateway.autoscale} section: documented defaults, and nonsense refused with the key named. */
class GatewayAutoscaleConfigTest {

    private static ServerConfig load(String... overrides) {
        return ConfigLoader.load(null, Map.of(), List.of(overrides));
    }

    @Test
    void defaultsAreOffWithTheDocumentedValues() {
        GatewayConfig.Autoscale a = load().gateway().autoscale();
        assertThat(a.enabled()).isFalse();
        assertThat(a.serveConfig()).isEmpty();
        assertThat(a.heap()).isEqualTo("512m");
        assertThat(a.readyTimeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(a.stopTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(a.targetOutstanding()).isEqualTo(8);
        assertThat(a.sampleInterval()).isEqualTo(Duration.ofMillis(100));
        assertThat(a.targetRate()).isZero();
    }

    @Test
    void nonsenseIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> load("gateway.autoscale.enabled=true")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("gateway.autoscale.serve-config");
        assertThatThrownBy(() -> load("gateway.autoscale.heap=lots")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("gateway.autoscale.heap");
        assertThatThrownBy(() -> load("gateway.autoscale.target-rate=-1")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("gateway.autoscale.target-rate");
        assertThatThrownBy(() -> load("gateway.autoscale.target-outstanding=0")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("gateway.autoscale.target-outstanding");
    }
}
