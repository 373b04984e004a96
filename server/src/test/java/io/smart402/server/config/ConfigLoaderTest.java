package io.smart402.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smart402.core.pipeline.ContractPipeline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @Test
    void defaultsAreDocumentedValues() {
        ServerConfig config = ConfigLoader.load(null, Map.of(), List.of());
        assertThat(config.server().port()).isEqualTo(8080);
        assertThat(config.server().maxBodyBytes()).isEqualTo(1 << 20);
        assertThat(config.pipeline().order()).isEqualTo(ContractPipeline.Order.COMPLETION);
        assertThat(config.store().settings().batchWindow()).isEqualTo(Duration.ofMillis(2));
        assertThat(config.embeddedFleet()).isTrue();
        assertThat(config.embedded().shards()).isEqualTo(3);
        assertThat(config.embedded().replicas()).isEqualTo(1);
        assertThat(config.keys()).isEmpty();
    }

    @Test
    void fileThenEnvironmentThenOverridesWin(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("smart402.yaml");
        Files.writeString(file, """
                server:
                  port: 9000
                  idle-timeout: 2m
                store:
                  batch-size: 64
                shards:
                  - id: s0
                    primary: {host: db0, port: 5433, database: d, user: u, password: p}
                    replicas: [{host: db0r}]
                """);
        ServerConfig config = ConfigLoader.load(file,
                Map.of("SMART402_SERVER_PORT", "9100", "SMART402_STORE_BATCH_SIZE", "32"),
                List.of("server.port=9200"));
        assertThat(config.server().port()).isEqualTo(9200);
        assertThat(config.server().idleTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.store().settings().batchSize()).isEqualTo(32);
        assertThat(config.embeddedFleet()).isFalse();
        assertThat(config.shards().get(0).primary().port()).isEqualTo(5433);
        assertThat(config.shards().get(0).replicas().get(0).port()).isEqualTo(5432);
    }

    @Test
    void errorsNameTheKey(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), List.of("server.port=eighty")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("server.port");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), List.of("server.prot=1")))
                .hasMessageContaining("unknown configuration key 'server.prot'");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), List.of("store.batch-window=soon")))
                .hasMessageContaining("store.batch-window");
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "pipline:\n  concurrency: 3\n");
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of(), List.of()))
                .hasMessageContaining("unknown configuration key 'pipline'");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(),
                List.of("auth.keys=[{key: k, client: c, role: root}]")))
                .hasMessageContaining("auth.keys[0].role");
    }
}
