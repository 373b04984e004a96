package io.smart402.server.docker;

import static io.smart402.server.docker.DockerTools.DOCKER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code docker/compose.yaml} as Compose itself reads it: {@code docker-compose config} (Debian's
 * {@code docker-compose}, which parses, merges and validates the file against the Compose schema without an
 * engine), then the topology the resolved file describes. No container engine runs here, so nothing is started.
 */
class DockerComposeTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void composeAcceptsTheFile() {
        DockerTools.Result checked = DockerTools.run(DOCKER, "docker-compose", "-f", "compose.yaml", "config", "-q");
        assertThat(checked.exitCode()).as(checked.output()).isZero();
    }

    @Test
    void aMistypedKeyIsRefusedByCompose(@TempDir Path dir) {
        DockerTools.copyTree(DOCKER, dir);
        Path compose = dir.resolve("compose.yaml");
        DockerTools.write(compose, DockerTools.replaceOnce(DockerTools.read(compose), "  stop_grace_period: 45s",
                "  stop_grace_periode: 45s"));
        DockerTools.Result checked = DockerTools.run(dir, "docker-compose", "-f", "compose.yaml", "config", "-q");
        assertThat(checked.exitCode()).isNotZero();
        assertThat(checked.output()).contains("stop_grace_periode");
    }

    @Test
    void aDependencyConditionComposeDoesNotKnowIsRefused(@TempDir Path dir) {
        DockerTools.copyTree(DOCKER, dir);
        Path compose = dir.resolve("compose.yaml");
        DockerTools.write(compose, DockerTools.read(compose).replace("condition: service_healthy",
                "condition: service_ready"));
        DockerTools.Result checked = DockerTools.run(dir, "docker-compose", "-f", "compose.yaml", "config", "-q");
        assertThat(checked.exitCode()).isNotZero();
        assertThat(checked.output()).contains("service_ready");
    }

    @Test
    void theResolvedTopologyIsThreeShardsTwoServersAGatewayAndItsWatchers() throws Exception {
        JsonNode services = resolved().get("services");
        List<String> postgres = new ArrayList<>();
        services.fields().forEachRemaining(e -> {
            if (e.getValue().path("image").asText().equals("postgres:15") && e.getKey().startsWith("pg-")) {
                postgres.add(e.getKey());
                JsonNode node = e.getValue();
                assertThat(node.path("healthcheck").path("test").toString()).as(e.getKey()).contains("pg_isready");
                assertThat(node.path("volumes").toString()).as(e.getKey())
                        .contains("/var/lib/postgresql/data").contains(e.getKey());
                assertThat(node.path("environment").path("POSTGRES_PASSWORD_FILE").asText())
                        .isEqualTo("/secrets/pg-password");
            }
        });
        assertThat(postgres).containsExactlyInAnyOrder("pg-0-primary", "pg-0-replica", "pg-1-primary",
                "pg-1-replica", "pg-2-primary", "pg-2-replica");
        for (String server : List.of("server-1", "server-2")) {
            JsonNode s = services.get(server);
            assertThat(s.path("command").toString()).isEqualTo("[\"serve\",\"--config\",\"/etc/smart402/server.yaml\"]");
            assertThat(s.path("depends_on").size()).as("every database node and Redis").isEqualTo(7);
            assertThat(s.has("ports")).as(server + " publishes nothing").isFalse();
            assertThat(s.path("stop_grace_period").asText()).isEqualTo("45s");
        }
        assertThat(services.get("gateway").path("command").toString()).contains("gateway")
                .contains("server-1:8080,server-2:8080");
        assertThat(services.has("redis")).isTrue();
        assertThat(services.has("prometheus")).isTrue();
        assertThat(services.has("grafana")).isTrue();
    }

    @Test
    void theGatewayIsTheOnlyPortPublishedBeyondTheHostsLoopback() throws Exception {
        Map<String, List<String>> published = new TreeMap<>();
        resolved().get("services").fields().forEachRemaining(e -> e.getValue().path("ports").forEach(port -> {
            // docker-compose 1.29 prints "ip:published:target/proto" for the short form, a mapping for the long
            boolean loopback = port.isTextual() ? port.asText().startsWith("127.0.0.1:")
                    : port.path("host_ip").asText("").equals("127.0.0.1");
            if (!loopback) {
                published.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(port.toString());
            }
        }));
        assertThat(published).containsOnlyKeys("gateway");
    }

    private static JsonNode resolved() throws Exception {
        DockerTools.Result config = DockerTools.run(DOCKER, "docker-compose", "-f", "compose.yaml", "config");
        assertThat(config.exitCode()).as(config.output()).isZero();
        return YAML.readTree(config.output());
    }
}
