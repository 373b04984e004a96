package io.smart402.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smart402.server.logging.AccessLog;
import io.smart402.server.logging.LogCapture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One request id, followed: accepted from {@code X-Request-Id} (or generated), echoed, in problem+json and batch
 * events, on the access log line and on the shard write's batch log line, in JSON log lines that parse.
 */
class RequestTracingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SHARD_QUEUE = "io.smart402.shard.store.ShardWriteQueue";

    private LogCapture logs;

    @BeforeEach
    void capture() {
        TestServer.get();
        logs = new LogCapture(Map.of(SHARD_QUEUE, Level.DEBUG, AccessLog.LOGGER, Level.INFO));
    }

    @AfterEach
    void release() {
        logs.close();
    }

    private static String contract(String id) {
        return "{\"id\":\"" + id + "\",\"type\":\"payment\",\"amount\":4200,\"parties\":[\"party_a\",\"party_b\"]}";
    }

    private static Http.Response post(String uri, String requestId, String contentType, String accept, String body) {
        Map<String, String> headers = accept == null
                ? Map.of("Content-Type", contentType, "X-Request-Id", requestId)
                : Map.of("Content-Type", contentType, "X-Request-Id", requestId, "Accept", accept);
        return Http.post(uri, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    private Optional<JsonNode> line(String logger, String fragment) {
        return logs.lines().stream()
                .filter(l -> l.path("loggerName").asText().equals(logger))
                .filter(l -> l.path("formattedMessage").asText().contains(fragment)
                        || l.path("mdc").path("requestId").asText().equals(fragment))
                .findFirst();
    }

    private JsonNode awaitLine(String logger, String fragment) {
        await().atMost(Duration.ofSeconds(20)).until(() -> line(logger, fragment).isPresent());
        return line(logger, fragment).orElseThrow();
    }

    @Test
    void aRequestIdIsFollowedFromTheHeaderToTheShardWriteLogLine() {
        String requestId = "trace-" + System.nanoTime();
        Http.Response response = post("/contracts", requestId, "application/json", null,
                contract("traced-" + System.nanoTime()));

        assertThat(response.status()).as(response.text()).isEqualTo(201);
        assertThat(response.headers().get("X-Request-Id")).isEqualTo(requestId);
        JsonNode write = awaitLine(SHARD_QUEUE, requestId);
        assertThat(write.get("level").asText()).isEqualTo("DEBUG");
        assertThat(write.get("formattedMessage").asText()).startsWith("shard shard_").contains("wrote a batch of");

        JsonNode access = awaitLine(AccessLog.LOGGER, requestId).get("mdc");
        assertThat(access.get("method").asText()).isEqualTo("POST");
        assertThat(access.get("path").asText()).isEqualTo("/contracts");
        assertThat(access.get("status").asText()).isEqualTo("201");
        assertThat(access.get("bytes").asLong()).isEqualTo(response.body().length);
        assertThat(access.get("client").asText()).isEqualTo("tester");
        assertThat(Double.parseDouble(access.get("durationMs").asText())).isPositive();
        assertThat(logs.text()).doesNotContain(TestServer.CLIENT_KEY);
    }

    @Test
    void anUnsafeOrOverlongRequestIdIsReplacedByAGeneratedOne() {
        for (String bad : List.of("has space", "quote\"d", "x".repeat(129), "")) {
            Http.Response response = post("/contracts", bad, "application/json", null, "{");
            String echoed = response.headers().get("X-Request-Id");
            assertThat(echoed).as(bad).matches("[0-9a-f]{32}");
        }
        String longest = "a".repeat(128);
        assertThat(post("/contracts", longest, "application/json", null, "{").headers().get("X-Request-Id"))
                .isEqualTo(longest);
    }

    @Test
    void aProblemCarriesTheRequestId() throws Exception {
        String requestId = "prob.lem:" + System.nanoTime();
        Http.Response response = post("/contracts", requestId, "application/json", null, "{\"type\": ");

        assertThat(response.status()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).get("requestId").asText()).isEqualTo(requestId);
        JsonNode access = awaitLine(AccessLog.LOGGER, requestId).get("mdc");
        assertThat(access.get("status").asText()).isEqualTo("400");
        assertThat(access.get("bytes").asLong()).isEqualTo(response.body().length);
    }

    @Test
    void everyBatchEventCarriesTheRequestIdAndTheAccessLogCountsTheStreamedBytes() throws Exception {
        String requestId = "batch_" + System.nanoTime();
        String run = "tb" + System.nanoTime();
        String body = contract(run + "-1") + "\n{\"broken\": \n" + contract(run + "-2") + "\n";
        Http.Response response = post("/contracts/batch", requestId, "application/x-ndjson", "application/x-ndjson",
                body);

        assertThat(response.status()).isEqualTo(200);
        String[] events = response.text().split("\n");
        assertThat(events).hasSize(3);
        for (String event : events) {
            assertThat(JSON.readTree(event).get("requestId").asText()).as(event).isEqualTo(requestId);
        }
        JsonNode write = awaitLine(SHARD_QUEUE, requestId);
        assertThat(write.get("formattedMessage").asText()).contains(requestId);
        JsonNode access = awaitLine(AccessLog.LOGGER, requestId).get("mdc");
        assertThat(access.get("path").asText()).isEqualTo("/contracts/batch");
        assertThat(access.get("bytes").asLong()).isEqualTo(response.body().length);
    }

    @Test
    void requestsWithoutAnIdGetAFreshOneEach() {
        Http.Response first = Http.get("/health");
        Http.Response second = Http.get("/health");

        assertThat(first.headers().get("X-Request-Id")).matches("[0-9a-f]{32}")
                .isNotEqualTo(second.headers().get("X-Request-Id"));
        JsonNode access = awaitLine(AccessLog.LOGGER, first.headers().get("X-Request-Id")).get("mdc");
        assertThat(access.get("path").asText()).isEqualTo("/health");
        assertThat(access.get("status").asText()).isEqualTo("200");
    }
}
