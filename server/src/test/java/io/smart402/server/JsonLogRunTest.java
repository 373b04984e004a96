package io.smart402.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smart402.shard.topology.NodeAddress;
import io.smart402.shard.topology.Shard;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;

/**
 * The real command in its own JVM with {@code logging.format: json} (set through the environment, as a container
 * would): every line it writes on stdout parses as one JSON object, and the run's log holds the start-up summary,
 * the access line and the shard write of one request id, and the stop. It serves the test fleet's databases.
 */
class JsonLogRunTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String node(NodeAddress a) {
        return "{host: " + a.host() + ", port: " + a.port() + ", database: " + a.database() + ", user: " + a.user()
                + "}";
    }

    private static String shards() {
        return TestServer.get().store().topology().shards().stream()
                .map(s -> "{id: " + s.id() + ", primary: " + node(s.primary()) + ", replicas: ["
                        + s.replicas().stream().map(JsonLogRunTest::node).collect(Collectors.joining(", ")) + "]}")
                .collect(Collectors.joining(", ", "[", "]"));
    }

    @Test
    void everyStdoutLineOfAJsonRunIsAJsonObjectAndTheRequestIdIsFollowedToTheShardWrite() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // The jar's logback.xml, as in production: the test class path also holds the modules' logback-test.xml.
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "-Dlogback.configurationFile=logback.xml", Main.class.getName(), "serve", "--port", "0",
                "--set", "auth.keys=[{key: " + TestServer.CLIENT_KEY + ", client: tester, role: client}]",
                "--set", "ratelimit.enabled=false",
                "--set", "cache.warming.enabled=false",
                "--set", "logging.levels={io.smart402.shard.store.ShardWriteQueue: debug}",
                "--set", "shards=" + shards());
        builder.environment().put("SMART402_LOGGING_FORMAT", "json");
        Process process = builder.start();
        List<String> stdout = new CopyOnWriteArrayList<>();
        List<String> stderr = new CopyOnWriteArrayList<>();
        Thread reader = collect(process.getInputStream(), stdout);
        Thread errors = collect(process.getErrorStream(), stderr);
        String requestId = "json-run." + System.nanoTime();
        try {
            Pattern listening = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");
            try {
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> stdout.stream().anyMatch(l -> listening.matcher(formatted(l)).find())
                                || !process.isAlive());
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("not started; stdout " + stdout + ", stderr " + stderr, e);
            }
            assertThat(process.isAlive()).as("running; stdout " + stdout + ", stderr " + stderr).isTrue();
            Matcher port = stdout.stream().map(l -> listening.matcher(formatted(l))).filter(Matcher::find).findFirst()
                    .orElseThrow();
            int status = HttpClient.create().headers(h -> h.set("X-API-Key", TestServer.CLIENT_KEY)
                            .set("X-Request-Id", requestId).set("Content-Type", "application/json"))
                    .post().uri("http://127.0.0.1:" + port.group(1) + "/contracts")
                    .send(ByteBufFlux.fromString(reactor.core.publisher.Mono.just("{\"id\":\"json-run-"
                            + System.nanoTime() + "\",\"type\":\"payment\",\"amount\":5,\"parties\":[\"a\",\"b\"]}")))
                    .responseSingle((res, body) -> reactor.core.publisher.Mono.just(res.status().code()))
                    .block(Duration.ofSeconds(30));
            assertThat(status).isEqualTo(201);
            await().atMost(Duration.ofSeconds(20)).until(() -> stdout.stream().map(JsonLogRunTest::formatted)
                    .anyMatch(m -> m.contains("wrote a batch") && m.contains(requestId)));
        } finally {
            // SIGTERM through the handle: Process.destroy() would also close our end of its stdout, losing the lines
            // the shutdown hook writes.
            process.toHandle().destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            reader.join(10_000);
            errors.join(10_000);
        }
        assertThat(stderr).as("stderr").isEmpty();

        List<JsonNode> lines = new ArrayList<>();
        for (String line : stdout) {
            JsonNode node = JSON.readTree(line);
            assertThat(node.isObject()).as(line).isTrue();
            assertThat(node.get("timestamp").isNumber()).as(line).isTrue();
            assertThat(node.get("level").isTextual()).as(line).isTrue();
            lines.add(node);
        }
        assertThat(message(lines, "io.smart402.server.Main", "configuration")).contains("auth.keys=--set")
                .contains("logging.format=env").contains("shards=--set").doesNotContain(TestServer.CLIENT_KEY);
        assertThat(message(lines, "io.smart402.server.app.Smart402Server", "listening on")).contains("shard_0");
        JsonNode access = lines.stream().filter(l -> l.get("loggerName").asText().equals("smart402.access")).findFirst()
                .orElseThrow().get("mdc");
        assertThat(access.get("requestId").asText()).isEqualTo(requestId);
        assertThat(access.get("client").asText()).isEqualTo("tester");
        assertThat(message(lines, "io.smart402.shard.store.ShardWriteQueue", requestId)).contains("wrote a batch of");
        assertThat(message(lines, "io.smart402.server.app.Smart402Server", "stopped")).isEqualTo("stopped");
        assertThat(String.join("\n", stdout)).doesNotContain(TestServer.CLIENT_KEY);
    }

    /** The message of a JSON line, or "" for anything else (the assertions at the end fail on such a line). */
    private static String formatted(String line) {
        try {
            return JSON.readTree(line).path("formattedMessage").asText();
        } catch (IOException e) {
            return "";
        }
    }

    private static Thread collect(java.io.InputStream stream, List<String> lines) {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the process ended while reading: what was read is what it wrote
            }
        }, "json-run-reader");
        reader.start();
        return reader;
    }

    private static String message(List<JsonNode> lines, String logger, String fragment) {
        return lines.stream().filter(l -> l.get("loggerName").asText().equals(logger))
                .map(l -> l.get("formattedMessage").asText()).filter(m -> m.contains(fragment)).findFirst()
                .orElseThrow(() -> new AssertionError("no line of " + logger + " containing '" + fragment + "' in "
                        + lines));
    }
}
