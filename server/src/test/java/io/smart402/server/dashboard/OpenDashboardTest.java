package io.smart402.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smart402.server.SseClient;
import io.smart402.server.TestServer;
import io.smart402.server.app.Smart402Server;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.netty.http.client.HttpClient;

/**
 * A server without API keys (loopback only): its dashboard is open like its client endpoints; a faster interval
 * and room for one stream only; its files are served from memory with their types.
 */
class OpenDashboardTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static Smart402Server server;

    @BeforeAll
    static void start() {
        server = TestServer.start(List.of(
                "embedded.data-dir=" + Path.of("target", "open-dashboard-fleet").toAbsolutePath(),
                "embedded.shards=1", "embedded.replicas=0",
                "auth.keys=[]",
                "dashboard.interval=200ms", "dashboard.window=1s", "dashboard.max-subscribers=1",
                "dashboard.heartbeat=300ms"));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static String base() {
        return "http://127.0.0.1:" + server.port();
    }

    private static int status(String method, String uri, AtomicReference<String> type) {
        return HttpClient.create().baseUrl(base()).request(io.netty.handler.codec.http.HttpMethod.valueOf(method))
                .uri(uri).responseSingle((res, body) -> {
                    type.set(res.responseHeaders().get("Content-Type"));
                    return body.asByteArray().defaultIfEmpty(new byte[0]).thenReturn(res.status().code());
                }).block(TIMEOUT);
    }

    @Test
    void withoutKeysTheStreamIsOpenAndTicksAtTheConfiguredIntervalWithHeartbeats() throws Exception {
        java.util.function.Predicate<SseClient.Frame> threeEvents = SseClient.nthEvent(3);
        boolean[] seen = new boolean[2];
        SseClient.Result result = open(frame -> {
            seen[0] |= threeEvents.test(frame);
            seen[1] |= frame.isComment() && "heartbeat".equals(frame.comment());
            return seen[0] && seen[1];
        });

        assertThat(result.status()).as(result.body()).isEqualTo(200);
        assertThat(result.frames().get(0).get("retry")).isEqualTo("1000");
        assertThat(result.frames()).anyMatch(f -> f.isComment() && "heartbeat".equals(f.comment()));
        JsonNode event = JSON.readTree(result.frames().stream().filter(f -> "stats".equals(f.get("event")))
                .reduce((a, b) -> b).orElseThrow().get("data"));
        assertThat(event.get("interval_seconds").asDouble()).isEqualTo(0.2);
        assertThat(event.get("shards")).hasSize(1);
        assertThat(event.at("/shards/0/nodes")).hasSize(1);
    }

    @Test
    void aSecondStreamBeyondTheLimitIsA503Problem() throws Exception {
        AtomicReference<Integer> firstStatus = new AtomicReference<>();
        AtomicReference<Disposable> first = new AtomicReference<>();
        try {
            // The one slot may still be held for an instant by the stream of a test that just ended: open again.
            await().atMost(TIMEOUT).until(() -> {
                if (firstStatus.get() == null && first.get() != null) {
                    return false;
                }
                if (Integer.valueOf(200).equals(firstStatus.get())) {
                    return true;
                }
                firstStatus.set(null);
                first.set(HttpClient.create().baseUrl(base()).get().uri("/stats/stream")
                        .response((res, body) -> {
                            firstStatus.set(res.status().code());
                            return body.asString();
                        }).subscribe());
                return false;
            });

            SseClient.Result second = SseClient.read(base(), "/stats/stream", Map.of(), SseClient.nthEvent(1), TIMEOUT);
            assertThat(second.status()).isEqualTo(503);
            assertThat(second.contentType()).startsWith("application/problem+json");
            assertThat(JSON.readTree(second.body()).get("detail").textValue()).contains("dashboard.max-subscribers");
        } finally {
            first.get().dispose();
        }
        // The slot is given back when the first stream goes away.
        assertThat(open(SseClient.nthEvent(1)).status()).isEqualTo(200);
    }

    /** Reads a stream of this server, opening again while a stream of a test that just ended holds the slot. */
    private static SseClient.Result open(java.util.function.Predicate<SseClient.Frame> last) {
        AtomicReference<SseClient.Result> result = new AtomicReference<>();
        await().atMost(TIMEOUT).until(() -> {
            result.set(SseClient.read(base(), "/stats/stream", Map.of(), last, TIMEOUT));
            return result.get().status() != 503;
        });
        return result.get();
    }

    @Test
    void thePageAndItsFilesAreServedWithTheirTypes() {
        AtomicReference<String> type = new AtomicReference<>();
        assertThat(status("GET", "/dashboard", type)).isEqualTo(200);
        assertThat(type.get()).startsWith("text/html");
        assertThat(status("GET", "/dashboard/dashboard.js", type)).isEqualTo(200);
        assertThat(type.get()).startsWith("text/javascript");
        assertThat(status("GET", "/dashboard/uPlot.iife.min.js", type)).isEqualTo(200);
        assertThat(status("GET", "/dashboard/uPlot.LICENSE.txt", type)).isEqualTo(200);
        assertThat(type.get()).startsWith("text/plain");
        assertThat(status("GET", "/dashboard/session", type)).isEqualTo(200);

        assertThat(status("GET", "/dashboard/nothing.js", type)).isEqualTo(404);
        assertThat(type.get()).startsWith("application/problem+json");
        assertThat(status("GET", "/dashboard/..%2Fconfig%2Fdefaults.yaml", type)).isEqualTo(404);
        assertThat(status("POST", "/dashboard/dashboard.js", type)).isEqualTo(405);
        assertThat(type.get()).startsWith("application/problem+json");
        // Without keys there is no admin key to exchange: the session cannot be opened (and is not needed).
        assertThat(status("POST", "/dashboard/session", type)).isEqualTo(403);
        assertThat(type.get()).startsWith("application/problem+json");
    }

    @Test
    void closingTheServerEndsOpenStreamsInsteadOfWaitingForThem() {
        Smart402Server own = TestServer.start(List.of(
                "embedded.data-dir=" + Path.of("target", "closing-dashboard-fleet").toAbsolutePath(),
                "embedded.shards=1", "embedded.replicas=0", "auth.keys=[]", "dashboard.interval=200ms"));
        AtomicReference<String> end = new AtomicReference<>();
        AtomicReference<Integer> events = new AtomicReference<>(0);
        Disposable stream;
        try {
            stream = HttpClient.create().baseUrl("http://127.0.0.1:" + own.port()).get().uri("/stats/stream")
                    .response((res, body) -> body.asString())
                    .subscribe(chunk -> events.updateAndGet(n -> n + 1), e -> end.set("error " + e),
                            () -> end.set("complete"));
            await().atMost(TIMEOUT).until(() -> events.get() >= 2);
        } finally {
            own.close();
        }
        // The server completed the response (a forced close of the connection would be an error here).
        await().atMost(TIMEOUT).until(() -> end.get() != null);
        assertThat(end.get()).isEqualTo("complete");
        stream.dispose();
    }

    @Test
    void aLoadBalancerInTheProcessShowsItsBackends() throws Exception {
        // A real balancer over two names for this server, calling its /health over HTTP, on the server's registry
        // (as the gateway's would be): the stream grows a balancer section with both backends.
        io.smart402.core.balance.LoadBalancer<String> lb = io.smart402.core.balance.LoadBalancer.<String>builder()
                .name("gateway").backend("serve-a", base()).backend("serve-b", base())
                .meterRegistry(server.registry()).build();
        HttpClient client = HttpClient.create();
        java.util.function.Supplier<reactor.core.publisher.Mono<Integer>> call = () -> lb.execute(url -> client.get()
                .uri(url + "/health").responseSingle((res, body) -> body.thenReturn(res.status().code())));
        // Calls go on while the stream is read, so the window always holds some (bounded: 20 s at most).
        Disposable traffic = reactor.core.publisher.Flux.interval(Duration.ofMillis(50)).take(400)
                .onBackpressureDrop().concatMap(tick -> call.get()).subscribe();
        try {
            for (int i = 0; i < 10; i++) {
                assertThat(call.get().block(TIMEOUT)).isEqualTo(200);
            }

            AtomicReference<JsonNode> balancer = new AtomicReference<>();
            open(frame -> {
                if (!"stats".equals(frame.get("event"))) {
                    return false;
                }
                try {
                    balancer.set(JSON.readTree(frame.get("data")).get("balancer"));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return balancer.get() != null;
            });

            JsonNode backends = balancer.get().get("backends");
            assertThat(backends.findValuesAsText("backend")).containsExactly("serve-a", "serve-b");
            assertThat(backends.findValuesAsText("balancer")).containsOnly("gateway");
            assertThat(backends.findValuesAsText("state")).containsOnly("healthy");
            assertThat(backends.get(0).get("requests_per_second").asDouble()
                    + backends.get(1).get("requests_per_second").asDouble()).isPositive();
            // The background calls run one after the other: at most one is in flight over both backends.
            assertThat(backends.get(0).get("outstanding").asLong() + backends.get(1).get("outstanding").asLong())
                    .isBetween(0L, 1L);
        } finally {
            traffic.dispose();
            lb.dispose();
        }
    }
}
