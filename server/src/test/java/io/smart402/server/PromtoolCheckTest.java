package io.smart402.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.smart402.core.redis.LocalRedis;
import io.smart402.server.app.Smart402Server;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;

/**
 * A live scrape, after a little traffic, piped into Prometheus' own linter ({@code promtool check metrics}, from
 * Debian's {@code prometheus} package, installed by {@code .ci/run}): it must print nothing and exit 0. Without
 * promtool the test fails — a missing linter must not pass for a clean scrape.
 */
class PromtoolCheckTest {

    @Test
    void aLiveScrapePassesPromtoolWithoutAWord() throws Exception {
        Http.Response created = Http.postJson("/contracts", ContractEndpointsTest.example("example-a.json"));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(Http.get(created.headers().get("Location")).status()).isEqualTo(200);
        assertThat(Http.postJson("/contracts", "{\"type\":").status()).isEqualTo(400);
        Http.Response scrape = Http.get("/metrics");
        assertThat(scrape.status()).isEqualTo(200);
        assertThat(scrape.text()).as("the traffic above is in the scrape")
                .contains("http_server_requests_seconds_bucket{method=\"POST\",status=\"400\",uri=\"/contracts\",le=");

        assertPromtoolAccepts(scrape.body(), "promtool-scrape.txt");
    }

    @Test
    void aScrapeWithRedisRateLimitsAndTheL2CachePassesPromtoolToo() throws Exception {
        // The meters the shared test server leaves out: the Redis limiter, its fallback and breaker, the L2 cache.
        try (LocalRedis redis = LocalRedis.start(Path.of("target", "promtool-redis").toAbsolutePath());
             Smart402Server server = TestServer.start(List.of(
                     "embedded.data-dir=" + Path.of("target", "promtool-fleet").toAbsolutePath(),
                     "embedded.shards=1", "embedded.replicas=0",
                     "ratelimit.enabled=true", "ratelimit.backend=redis", "ratelimit.redis.uri=" + redis.uri(),
                     "ratelimit.clients={tester: {rate: 1, period: 1h, burst: 1}}",
                     "cache.redis.uri=" + redis.uri()))) {
            HttpClient client = HttpClient.create().baseUrl("http://127.0.0.1:" + server.port())
                    .responseTimeout(Duration.ofSeconds(60)).headers(h -> h.set("X-API-Key", TestServer.CLIENT_KEY));
            String contract = ContractEndpointsTest.example("example-c.json");
            assertThat(post(client, contract)).isEqualTo(201);
            assertThat(post(client, contract)).as("over the limit").isEqualTo(429);
            String scrape = client.get().uri("/metrics").responseContent().aggregate().asString()
                    .block(Duration.ofSeconds(60));
            assertThat(scrape).contains("smart402_ratelimit_decisions_total{backend=\"redis\",outcome=\"limited\"} 1.0")
                    .contains("smart402_cache_l2_unavailable_total");

            assertPromtoolAccepts(scrape.getBytes(StandardCharsets.UTF_8), "promtool-scrape-redis.txt");
        }
    }

    @Test
    void promtoolComplainsAboutAMetricWithoutHelp() throws Exception {
        // The linter under test can fail: a counter without HELP and without the _total suffix is reported.
        Checked checked = promtoolCheckMetrics("# TYPE requests counter\nrequests 1\n"
                .getBytes(StandardCharsets.UTF_8));
        assertThat(checked.output()).contains("requests no help text");
        assertThat(checked.exitCode()).isNotZero();
    }

    private static int post(HttpClient client, String json) {
        return client.headers(h -> h.set("Content-Type", "application/json")).post().uri("/contracts")
                .send(ByteBufFlux.fromString(Mono.just(json)))
                .responseSingle((response, body) -> body.then(Mono.just(response.status().code())))
                .block(Duration.ofSeconds(60));
    }

    /** Kept under target/ for reading when promtool objects (the assertion shows only promtool's lines). */
    private static void assertPromtoolAccepts(byte[] scrape, String keptAs) throws Exception {
        Files.write(Path.of("target", keptAs), scrape);
        Checked checked = promtoolCheckMetrics(scrape);
        assertThat(checked.output()).as("promtool check metrics output").isEmpty();
        assertThat(checked.exitCode()).as("promtool exit code; output: " + checked.output()).isZero();
    }

    private record Checked(int exitCode, String output) {
    }

    private static Checked promtoolCheckMetrics(byte[] scrape) throws IOException, InterruptedException {
        Process promtool;
        try {
            promtool = new ProcessBuilder(List.of("promtool", "check", "metrics")).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("promtool is not installed (Debian package 'prometheus'; .ci/run installs it)",
                    e);
        }
        CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> readAll(promtool.getInputStream()));
        try (OutputStream in = promtool.getOutputStream()) {
            in.write(scrape);
        }
        assertThat(promtool.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
        return new Checked(promtool.exitValue(), new String(output.join(), StandardCharsets.UTF_8).strip());
    }

    private static byte[] readAll(InputStream in) {
        try (in; ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            in.transferTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
