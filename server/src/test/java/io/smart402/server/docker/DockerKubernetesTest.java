package io.smart402.server.docker;

import static io.smart402.server.docker.DockerTools.DOCKER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code docker/k8s}: {@code kubectl kustomize} renders the base and the dev overlay, and every rendered object
 * validates against its schema ({@code docker/test/validate-k8s.mjs}: npm kubernetes-models, and
 * {@code @kubernetes-models/keda} for the ScaledObject). Then the properties the deployment depends on: probes,
 * graceful termination longer than the drain, the PDB, NetworkPolicies, the autoscaler. No cluster runs here.
 */
class DockerKubernetesTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** {@code server.drain-timeout}'s default (issue 11): SIGTERM to exit takes at most this long. */
    private static final int DRAIN_SECONDS = 30;

    @BeforeAll
    static void packages() {
        DockerTools.requireNodePackages();
    }

    @Test
    void theBaseRendersAndEveryObjectMatchesItsSchema(@TempDir Path dir) {
        Path rendered = render(DOCKER.resolve("k8s/base"), dir);
        DockerTools.Result valid = validate(rendered);
        assertThat(valid.exitCode()).as(valid.output()).isZero();
        assertThat(valid.output()).contains("ok apps/v1 Deployment/smart402-server")
                .contains("ok keda.sh/v1alpha1 ScaledObject/smart402-server")
                .contains("ok apps/v1 StatefulSet/pg-2").contains("ok policy/v1 PodDisruptionBudget/smart402-server");
    }

    @Test
    void theDevOverlayRendersWithItsGeneratedSecretAndValidates(@TempDir Path dir) throws Exception {
        Path rendered = renderDev(dir);
        DockerTools.Result valid = validate(rendered);
        assertThat(valid.exitCode()).as(valid.output()).isZero();
        Map<String, JsonNode> objects = objects(rendered);
        JsonNode secret = objects.values().stream().filter(o -> o.path("kind").asText().equals("Secret"))
                .findFirst().orElseThrow();
        assertThat(secret.path("data").has("pg-password")).isTrue();
        assertThat(secret.path("data").has("api-keys.yaml")).isTrue();
        String secretName = secret.path("metadata").path("name").asText();
        assertThat(objects.get("Deployment/smart402-server").toString()).as("the hashed Secret name is referenced")
                .contains(secretName);
        assertThat(objects.get("ScaledObject/smart402-server").path("spec").path("maxReplicaCount").asInt())
                .isEqualTo(3);
    }

    @Test
    void aMistypedKustomizationKeyFailsKustomize(@TempDir Path dir) {
        DockerTools.copyTree(DOCKER.resolve("k8s"), dir.resolve("k8s"));
        Path kustomization = dir.resolve("k8s/base/kustomization.yaml");
        DockerTools.write(kustomization, DockerTools.replaceOnce(DockerTools.read(kustomization),
                "configMapGenerator:", "configMapGenerators:"));
        DockerTools.Result rendered = DockerTools.run(dir, "kubectl", "kustomize", "k8s/base");
        assertThat(rendered.exitCode()).isNotZero();
        assertThat(rendered.output()).contains("configMapGenerators");
    }

    @Test
    void aValueOfTheWrongTypeFailsSchemaValidation(@TempDir Path dir) {
        DockerTools.copyTree(DOCKER.resolve("k8s"), dir.resolve("k8s"));
        Path server = dir.resolve("k8s/base/server.yaml");
        DockerTools.write(server, DockerTools.replaceOnce(DockerTools.read(server),
                "terminationGracePeriodSeconds: 45", "terminationGracePeriodSeconds: 45s"));
        Path rendered = render(dir.resolve("k8s/base"), dir);
        DockerTools.Result valid = validate(rendered);
        assertThat(valid.exitCode()).isNotZero();
        assertThat(valid.output()).contains("invalid apps/v1 Deployment/smart402-server")
                .contains("terminationGracePeriodSeconds must be integer");
    }

    @Test
    void aKedaTriggerWithoutItsMetadataFailsSchemaValidation(@TempDir Path dir) {
        DockerTools.copyTree(DOCKER.resolve("k8s"), dir.resolve("k8s"));
        Path scaling = dir.resolve("k8s/base/scaling.yaml");
        DockerTools.write(scaling, DockerTools.replaceOnce(DockerTools.read(scaling),
                "      name: contracts-per-second\n      metadata:", "      name: contracts-per-second\n      metadate:"));
        DockerTools.Result valid = validate(render(dir.resolve("k8s/base"), dir));
        assertThat(valid.exitCode()).isNotZero();
        assertThat(valid.output()).contains("invalid keda.sh/v1alpha1 ScaledObject/smart402-server");
    }

    @Test
    void serversDrainBeforeTheyAreKilledAndAreProbedOnReadyAndHealth(@TempDir Path dir) throws Exception {
        Map<String, JsonNode> objects = objects(render(DOCKER.resolve("k8s/base"), dir));
        JsonNode pod = objects.get("Deployment/smart402-server").path("spec").path("template").path("spec");
        JsonNode container = pod.path("containers").get(0);
        assertThat(container.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/ready");
        assertThat(container.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/health");
        assertThat(container.path("resources").path("requests").has("cpu")).isTrue();
        assertThat(container.path("resources").path("limits").has("memory")).isTrue();
        List<String> preStop = new ArrayList<>();
        container.path("lifecycle").path("preStop").path("exec").path("command").forEach(c -> preStop.add(c.asText()));
        assertThat(preStop).hasSize(2).startsWith("sleep");
        int preStopSeconds = Integer.parseInt(preStop.get(1));
        assertThat(pod.path("terminationGracePeriodSeconds").asInt()).as("preStop + drain fit in the grace period")
                .isGreaterThan(preStopSeconds + DRAIN_SECONDS);
        assertThat(objects.get("Deployment/smart402-server").path("spec").has("replicas"))
                .as("the ScaledObject owns the replica count").isFalse();
        assertThat(objects.get("PodDisruptionBudget/smart402-server").path("spec").path("maxUnavailable").asInt())
                .isEqualTo(1);
        assertThat(objects.get("ConfigMap/" + configMapName(objects)).path("data").path("server.yaml").asText())
                .isEqualTo(DockerTools.read(DOCKER.resolve("config/server.yaml")));
    }

    @Test
    void onlyServersReachTheDatabasesAndRedis(@TempDir Path dir) throws Exception {
        Map<String, JsonNode> objects = objects(render(DOCKER.resolve("k8s/base"), dir));
        assertThat(objects.get("NetworkPolicy/default-deny-ingress").path("spec").path("podSelector").isEmpty())
                .isTrue();
        for (String policy : List.of("NetworkPolicy/postgres-from-servers", "NetworkPolicy/redis-from-servers")) {
            JsonNode ingress = objects.get(policy).path("spec").path("ingress");
            assertThat(ingress).hasSize(1);
            JsonNode from = ingress.get(0).path("from");
            assertThat(from).hasSize(1);
            JsonNode labels = from.get(0).path("podSelector").path("matchLabels");
            assertThat(labels.size()).as(policy).isEqualTo(2);
            assertThat(labels.path("app.kubernetes.io/name").asText()).isEqualTo("smart402");
            assertThat(labels.path("app.kubernetes.io/component").asText()).isEqualTo("server");
        }
        JsonNode serverLabels = objects.get("Deployment/smart402-server").path("spec").path("template")
                .path("metadata").path("labels");
        assertThat(serverLabels.path("app.kubernetes.io/component").asText()).isEqualTo("server");
        JsonNode gatewayLabels = objects.get("Deployment/smart402-gateway").path("spec").path("template")
                .path("metadata").path("labels");
        assertThat(gatewayLabels.path("app.kubernetes.io/component").asText()).isEqualTo("gateway");
    }

    private static String configMapName(Map<String, JsonNode> objects) {
        return objects.keySet().stream().filter(k -> k.startsWith("ConfigMap/smart402-server-config-")).findFirst()
                .orElseThrow().substring("ConfigMap/".length());
    }

    static Path renderDev(Path dir) {
        DockerTools.copyTree(DOCKER.resolve("k8s"), dir.resolve("k8s"));
        Path secrets = dir.resolve("k8s/overlays/dev/secrets");
        DockerTools.Result init = DockerTools.run(dir, "bash", DOCKER.resolve("init-secrets.sh").toString(),
                secrets.toString());
        assertThat(init.exitCode()).as(init.output()).isZero();
        return render(dir.resolve("k8s/overlays/dev"), dir);
    }

    static Path render(Path kustomization, Path dir) {
        DockerTools.Result rendered = DockerTools.run(dir, "kubectl", "kustomize", kustomization.toString());
        assertThat(rendered.exitCode()).as(rendered.output()).isZero();
        return DockerTools.write(dir.resolve("rendered-" + kustomization.getFileName() + ".yaml"),
                rendered.output() + "\n");
    }

    static DockerTools.Result validate(Path rendered) {
        return DockerTools.run(DockerTools.NODE_PROJECT, "node", "validate-k8s.mjs", rendered.toString());
    }

    /** Rendered objects by {@code Kind/name}. */
    static Map<String, JsonNode> objects(Path rendered) throws Exception {
        Map<String, JsonNode> objects = new TreeMap<>();
        try (YAMLParser parser = new YAMLFactory().createParser(rendered.toFile())) {
            for (JsonNode node : (Iterable<JsonNode>) () -> {
                try {
                    return YAML.readValues(parser, JsonNode.class);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }) {
                if (node instanceof ObjectNode o) {
                    objects.put(o.path("kind").asText() + "/" + o.path("metadata").path("name").asText(), o);
                }
            }
        }
        return objects;
    }
}
