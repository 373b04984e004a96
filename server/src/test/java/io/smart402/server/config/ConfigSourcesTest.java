package io.smart402.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The start-up summary's "where did this come from": the last source of each key that is not its default. */
class ConfigSourcesTest {

    @Test
    void eachNonDefaultKeyNamesTheLastSourceThatSetIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("smart402.yaml");
        Files.writeString(file, """
                server:
                  port: 9000
                store:
                  batch-size: 64
                logging:
                  levels: {io.smart402.shard: debug}
                """);
        ConfigLoader.Loaded loaded = ConfigLoader.loadWithSources(file,
                Map.of("SMART402_STORE_BATCH_SIZE", "32", "SMART402_LOGGING_FORMAT", "json"),
                List.of("server.port=9100"));

        assertThat(loaded.sources()).containsExactly(
                Map.entry("logging.format", "env"),
                Map.entry("logging.levels", "file"),
                Map.entry("server.port", "--set"),
                Map.entry("store.batch-size", "env"));
        assertThat(loaded.config().logging().format()).isEqualTo(LoggingConfig.Format.JSON);
    }

    @Test
    void aKeySetToItsDefaultValueIsNotReported() {
        ConfigLoader.Loaded loaded = ConfigLoader.loadWithSources(null, Map.of("SMART402_STORE_BATCH_SIZE", "128"),
                List.of("server.port=8080", "logging.access-log=off"));

        assertThat(loaded.sources()).containsExactly(Map.entry("logging.access-log", "--set"));
    }
}
