package io.smart402.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smart402.server.app.Smart402Server;
import io.smart402.shard.topology.Shard;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** POST, GET and placement of single contracts over real HTTP onto the real embedded fleet. */
class ContractEndpointsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static String example(String name) throws IOException {
        try (InputStream in = ContractEndpointsTest.class.getResourceAsStream("/examples/" + name)) {
            assertThat(in).as("test resource /examples/" + name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"example-a.json", "example-b.json", "example-c.json", "legacy.json"})
    void postedExampleIsProcessedStoredOnItsShardAndCopiedToTheReplica(String name) throws Exception {
        Smart402Server server = TestServer.get();
        Http.Response created = Http.postJson("/contracts", example(name));

        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(created.contentType()).startsWith("application/json");
        JsonNode doc = JSON.readTree(created.body());
        String id = doc.get("id").textValue();
        assertThat(created.headers().get("Location")).isEqualTo("/contracts/" + id);
        assertThat(doc.get("status").textValue()).isEqualTo("processed");
        for (String phase : new String[] {"aeo", "llmo", "scc", "x402"}) {
            assertThat(doc.get(phase)).as(phase).isNotNull();
            assertThat(doc.get(phase + "_processed").booleanValue()).isTrue();
        }
        assertThat(doc.get("stateTrace").get("current_state").textValue()).isEqualTo("EXECUTION");

        Http.Response read = Http.get("/contracts/" + id);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.text()).isEqualTo(created.text());

        Shard shard = server.store().topology().shard(server.store().shardFor(id));
        assertThat(server.store().findOnNode(shard.primary().name(), id).block()).isEqualTo(created.text());
        long start = System.nanoTime();
        // Poll until the replica holds this very version: a previous run may have left an older one there.
        await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10))
                .untilAsserted(() -> assertThat(server.store().findOnNode(shard.replicas().get(0).name(), id).block())
                        .isEqualTo(created.text()));
        System.out.printf("%s: on replica %s after %d ms%n", id, shard.replicas().get(0).name(),
                (System.nanoTime() - start) / 1_000_000);
        for (Shard other : server.store().topology().shards()) {
            if (!other.id().equals(shard.id())) {
                assertThat(server.store().findOnNode(other.primary().name(), id).block()).isNull();
            }
        }
    }

    @Test
    void unknownIdIsNotFoundProblem() {
        Http.Response response = Http.get("/contracts/no-such-contract");
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        assertThat(response.text()).contains("\"status\":404").contains("no-such-contract");
    }

    @Test
    void repostingTheSameContractKeepsOneRowWithTheNewestVersion() throws Exception {
        Smart402Server server = TestServer.get();
        String body = example("example-a.json").replace("cloudsuite-0001", "cloudsuite-repost");
        Http.Response first = Http.postJson("/contracts", body);
        Http.Response second = Http.postJson("/contracts", body);
        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(201);
        String id = "smart402:saas-subscription:cloudsuite-repost";
        String primary = server.store().topology().shard(server.store().shardFor(id)).primary().name();
        Long version = server.store().versionOnNode(primary, id).block();
        assertThat(version).isNotNull();
        assertThat(Http.get("/contracts/" + id).text()).isEqualTo(second.text());
    }
}
