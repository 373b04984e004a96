package io.smart402.server.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smart402.core.testing.ContractSamples;
import io.smart402.server.TestServer;
import io.smart402.server.app.Smart402Server;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Overload on a real server: one contract in the phases at a time, four waiting at most, 300 ms of wait. A
 * burst of interleaved BACKGROUND and CRITICAL contracts, all sent at once: what cannot be served in time is
 * refused before its phases run, with a 503 problem and Retry-After, and BACKGROUND is refused first.
 */
class OverloadSheddingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Smart402Server server;

    @BeforeAll
    static void start() {
        server = TestServer.start(List.of(
                "embedded.data-dir=" + Path.of("target", "overload-fleet").toAbsolutePath(),
                "embedded.shards=1", "embedded.replicas=0",
                "pipeline.concurrency=1", "priority.max-waiting=4", "priority.max-wait=300ms",
                "priority.aging=1h", "cache.enabled=false"));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private record Answer(String priority, int status, String retryAfter, String contentType, String body) {
    }

    @Test
    void shedsEarlyWithRetryAfterAndBackgroundBeforeCritical() throws Exception {
        List<ObjectNode> contracts = ContractSamples.generate(1212, 160);
        HttpClient client = HttpClient.create(ConnectionProvider.builder("overload").maxConnections(200)
                        .pendingAcquireMaxCount(-1).build())
                .baseUrl("http://127.0.0.1:" + server.port()).responseTimeout(Duration.ofSeconds(60));
        AtomicInteger index = new AtomicInteger();
        List<Answer> answers = Flux.fromIterable(contracts)
                .flatMap(contract -> {
                    String priority = index.getAndIncrement() % 2 == 0 ? "BACKGROUND" : "CRITICAL";
                    byte[] body = bytes(contract);
                    return client.headers(h -> h.set("X-API-Key", TestServer.CLIENT_KEY)
                                    .set("Content-Type", "application/json").set("X-Priority", priority))
                            .post().uri("/contracts").send(ByteBufFlux.fromInbound(Mono.just(body)))
                            .responseSingle((res, content) -> content.asString().defaultIfEmpty("")
                                    .map(text -> new Answer(priority, res.status().code(),
                                            res.responseHeaders().get("Retry-After"),
                                            res.responseHeaders().get("Content-Type", ""), text)));
                }, 200)
                .collectList()
                .block(Duration.ofMinutes(3));

        assertThat(answers).hasSize(160);
        assertThat(answers).allSatisfy(a -> assertThat(a.status()).as(a.body()).isIn(201, 503));
        List<Answer> shed = answers.stream().filter(a -> a.status() == 503).toList();
        assertThat(shed).as("a burst of 160 on one permit and four places must shed").isNotEmpty();
        for (Answer a : shed) {
            assertThat(a.contentType()).startsWith("application/problem+json");
            assertThat(Integer.parseInt(a.retryAfter())).isGreaterThanOrEqualTo(1);
            assertThat(JSON.readTree(a.body()).path("detail").asText()).startsWith("overloaded");
        }
        Map<String, Integer> shedBy = new ConcurrentHashMap<>();
        shed.forEach(a -> shedBy.merge(a.priority(), 1, Integer::sum));
        assertThat(shedBy.getOrDefault("BACKGROUND", 0)).as("shed by priority: " + shedBy)
                .isGreaterThan(shedBy.getOrDefault("CRITICAL", 0));
        assertThat(answers.stream().filter(a -> a.status() == 201 && a.priority().equals("CRITICAL")).count())
                .isGreaterThan(answers.stream().filter(a -> a.status() == 201 && a.priority().equals("BACKGROUND"))
                        .count());
    }

    private static byte[] bytes(ObjectNode contract) {
        try {
            return JSON.writeValueAsString(contract).getBytes(StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
