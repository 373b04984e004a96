package io.smart402.server.docker;

import static io.smart402.server.docker.DockerTools.DOCKER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smart402.server.auth.ApiKeys;
import io.smart402.server.config.ConfigException;
import io.smart402.server.config.ConfigLoader;
import io.smart402.server.config.ServerConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code docker/config/server.yaml} in the server's own strict loader, with what the containers give it: the
 * image's environment, the secrets {@code docker/init-secrets.sh} writes (its {@code /secrets} mapped to a
 * temporary folder) and {@code SMART402_AUTH_KEYS_FILE}. A typo in a key fails here, not at {@code compose up}.
 */
class DockerConfigTest {

    /** What docker/Dockerfile sets (ENV) and compose.yaml / the k8s Deployment add. */
    private static Map<String, String> containerEnv(Path secrets) {
        return Map.of("SMART402_SERVER_HOST", "0.0.0.0", "SMART402_LOGGING_FORMAT", "json",
                "SMART402_AUTH_KEYS_FILE", secrets.resolve("api-keys.yaml").toString());
    }

    @Test
    void theComposeServerConfigLoadsWithTheGeneratedSecrets(@TempDir Path dir) {
        Path secrets = initSecrets(dir);
        ServerConfig config = ConfigLoader.load(localCopy(dir, secrets, DockerTools.read(DOCKER.resolve(
                "config/server.yaml"))), containerEnv(secrets), List.of());

        assertThat(config.embeddedFleet()).isFalse();
        assertThat(config.shards()).extracting(ServerConfig.ShardSpec::id)
                .containsExactly("shard_0", "shard_1", "shard_2");
        String password = DockerTools.read(secrets.resolve("pg-password"));
        for (ServerConfig.ShardSpec shard : config.shards()) {
            String n = shard.id().substring("shard_".length());
            assertThat(shard.primary().host()).isEqualTo("pg-" + n + "-primary");
            assertThat(shard.replicas()).extracting(ServerConfig.NodeSpec::host).containsExactly("pg-" + n + "-replica");
            assertThat(shard.primary().user()).isEqualTo("smart402");
            assertThat(shard.primary().password()).isEqualTo(password.strip()).hasSize(48);
            assertThat(shard.replicas().get(0).password()).isEqualTo(password.strip());
        }
        assertThat(config.cache().redis().uri()).isEqualTo("redis://redis:6379");
        assertThat(config.admission().rateLimit().redis().uri()).isEqualTo("redis://redis:6379");
        assertThat(config.keys()).extracting(ApiKeys.KeySpec::role).containsExactly(ApiKeys.Role.ADMIN,
                ApiKeys.Role.CLIENT);
        assertThat(config.server().host()).isEqualTo("0.0.0.0");
        assertThat(config.server().port()).isEqualTo(8080);
    }

    @Test
    void withoutTheKeysFileTheContainerRefusesToStart(@TempDir Path dir) {
        Path secrets = initSecrets(dir);
        Path config = localCopy(dir, secrets, DockerTools.read(DOCKER.resolve("config/server.yaml")));
        assertThatThrownBy(() -> ConfigLoader.load(config, Map.of("SMART402_SERVER_HOST", "0.0.0.0"), List.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'auth.keys' is empty");
    }

    @Test
    void aMistypedKeyInTheConfigStopsStartUpNamingIt(@TempDir Path dir) {
        Path secrets = initSecrets(dir);
        Path broken = localCopy(dir, secrets, DockerTools.replaceOnce(DockerTools.read(DOCKER.resolve(
                "config/server.yaml")), "  write-failover: replica", "  write-failovr: replica"));
        assertThatThrownBy(() -> ConfigLoader.load(broken, containerEnv(secrets), List.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("unknown configuration key 'store.write-failovr'");
    }

    @Test
    void theKubernetesCopyIsTheComposeConfig() {
        assertThat(DockerTools.read(DOCKER.resolve("k8s/base/config/server.yaml")))
                .as("docker/k8s/base/config/server.yaml must stay a copy of docker/config/server.yaml")
                .isEqualTo(DockerTools.read(DOCKER.resolve("config/server.yaml")));
    }

    @Test
    void initSecretsKeepsWhatItMadeOnTheNextStart(@TempDir Path dir) {
        Path secrets = initSecrets(dir);
        String keys = DockerTools.read(secrets.resolve("api-keys.yaml"));
        String password = DockerTools.read(secrets.resolve("pg-password"));
        DockerTools.Result again = DockerTools.run(dir, "bash", DOCKER.resolve("init-secrets.sh").toString(),
                secrets.toString());
        assertThat(again.exitCode()).as(again.output()).isZero();
        assertThat(again.output()).doesNotContain("created");
        assertThat(DockerTools.read(secrets.resolve("api-keys.yaml"))).isEqualTo(keys);
        assertThat(DockerTools.read(secrets.resolve("pg-password"))).isEqualTo(password);
    }

    @Test
    void initSecretsRunsTheCommandAfterItSoComposeRunCanShowTheKeys(@TempDir Path dir) {
        Path secrets = initSecrets(dir);
        DockerTools.Result shown = DockerTools.run(dir, "bash", DOCKER.resolve("init-secrets.sh").toString(),
                secrets.toString(), "cat", secrets.resolve("api-keys.yaml").toString());
        assertThat(shown.exitCode()).as(shown.output()).isZero();
        assertThat(shown.output()).isEqualTo(DockerTools.read(secrets.resolve("api-keys.yaml")).strip())
                .contains("client: ops, role: admin").contains("client: demo, role: client");
    }

    private static Path initSecrets(Path dir) {
        Path secrets = dir.resolve("secrets");
        DockerTools.Result init = DockerTools.run(dir, "bash", DOCKER.resolve("init-secrets.sh").toString(),
                secrets.toString());
        assertThat(init.exitCode()).as(init.output()).isZero();
        assertThat(init.output()).contains("created " + secrets.resolve("pg-password"))
                .contains("created " + secrets.resolve("api-keys.yaml"));
        return secrets;
    }

    /** The config with the containers' {@code /secrets/} mount replaced by the local folder. */
    private static Path localCopy(Path dir, Path secrets, String config) {
        return DockerTools.write(dir.resolve("server.yaml"), config.replace("/secrets/", secrets + "/"));
    }
}
