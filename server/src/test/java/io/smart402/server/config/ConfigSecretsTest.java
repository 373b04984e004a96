package io.smart402.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smart402.server.auth.ApiKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets as mounted files (Docker secrets, Kubernetes Secret volumes): {@code SMART402_<KEY>_FILE} for any key,
 * {@code password-file} for a shard node, so the configs under {@code docker/config/} hold no secret.
 */
class ConfigSecretsTest {

    @Test
    void apiKeysComeFromTheFileAnEnvironmentVariableNames(@TempDir Path dir) throws Exception {
        Path keys = Files.writeString(dir.resolve("api-keys.yaml"),
                "[{key: s3cret-admin, client: ops, role: admin}, {key: s3cret-client, client: acme}]\n");
        ServerConfig config = ConfigLoader.load(null, Map.of("SMART402_AUTH_KEYS_FILE", keys.toString()), List.of());
        assertThat(config.keys()).extracting(ApiKeys.KeySpec::client).containsExactly("ops", "acme");
        assertThat(config.keys()).extracting(ApiKeys.KeySpec::role)
                .containsExactly(ApiKeys.Role.ADMIN, ApiKeys.Role.CLIENT);
    }

    @Test
    void aScalarFromAFileLosesOneTrailingLineBreak(@TempDir Path dir) throws Exception {
        Path uri = Files.writeString(dir.resolve("redis-uri"), "redis://cache:6379\n");
        ServerConfig config = ConfigLoader.load(null, Map.of("SMART402_CACHE_REDIS_URI_FILE", uri.toString()),
                List.of());
        assertThat(config.cache().redis().uri()).isEqualTo("redis://cache:6379");
    }

    @Test
    void aVariableAndItsFileTogetherAreRefused(@TempDir Path dir) throws Exception {
        Path port = Files.writeString(dir.resolve("port"), "9000");
        assertThatThrownBy(() -> ConfigLoader.load(null,
                Map.of("SMART402_SERVER_PORT", "9001", "SMART402_SERVER_PORT_FILE", port.toString()), List.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("both SMART402_SERVER_PORT and SMART402_SERVER_PORT_FILE are set: use one");
    }

    @Test
    void aMissingSecretFileNamesTheVariable(@TempDir Path dir) {
        String missing = dir.resolve("nope").toString();
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("SMART402_AUTH_KEYS_FILE", missing), List.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("SMART402_AUTH_KEYS_FILE: cannot read " + missing);
    }

    @Test
    void aNodePasswordComesFromItsPasswordFile(@TempDir Path dir) throws Exception {
        Path password = Files.writeString(dir.resolve("pg-password"), "pa55word\r\n");
        Path file = Files.writeString(dir.resolve("smart402.yaml"), """
                shards:
                  - id: s0
                    primary: {host: db0, user: smart402, password-file: %s}
                    replicas: [{host: db0r, password: inline}]
                """.formatted(password));
        ServerConfig config = ConfigLoader.load(file, Map.of(), List.of());
        assertThat(config.shards().get(0).primary().password()).isEqualTo("pa55word");
        assertThat(config.shards().get(0).replicas().get(0).password()).isEqualTo("inline");
    }

    @Test
    void aPasswordAndAPasswordFileTogetherAreRefusedWithTheirPath(@TempDir Path dir) throws Exception {
        Path password = Files.writeString(dir.resolve("pg-password"), "x");
        Path file = Files.writeString(dir.resolve("smart402.yaml"), """
                shards:
                  - id: s0
                    primary: {host: db0, password: y, password-file: %s}
                """.formatted(password));
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of(), List.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'shards[0].primary.password-file' and password are both set: use one");
    }

    @Test
    void anUnreadablePasswordFileIsAConfigurationError(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("smart402.yaml"), """
                shards:
                  - id: s0
                    primary: {host: db0, password-file: %s}
                """.formatted(dir.resolve("missing")));
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of(), List.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'shards[0].primary.password-file' cannot be read");
    }
}
