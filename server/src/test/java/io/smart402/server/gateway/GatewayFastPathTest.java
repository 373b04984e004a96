package io.smart402.server.gateway;

import static io.smart402.server.gateway.RawHttp.head;
import static io.smart402.server.gateway.RawHttp.line;
import static io.smart402.server.gateway.RawHttp.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.smart402.server.app.GatewayServer;
import io.smart402.server.config.ConfigLoader;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The gateway's fast path for bodiless GET and HEAD requests ({@link BackendChannels}), against a real HTTP
 * backend on a real socket, spoken to over a raw client socket: keep-alive reuse of one backend connection, a
 * small answer passed whole, HEAD, a backend that never answers (504 problem), and a large streamed answer that a
 * client not reading holds back at the backend instead of it piling up in the gateway.
 */
class GatewayFastPathTest {

    private static final String FIXED = "{\"answer\":\"" + "x".repeat(3000) + "\"}";
    private static final int PIECE = 16 * 1024;
    private static final int PIECES = 8192;
    private static final long LARGE = (long) PIECE * PIECES;

    private static final AtomicInteger connections = new AtomicInteger();
    private static final AtomicLong produced = new AtomicLong();
    private static DisposableServer backend;
    private static GatewayServer gateway;

    record Answer(String statusLine, Map<String, String> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    @BeforeAll
    static void start() {
        byte[] piece = "0123456789abcdef".repeat(PIECE / 16).getBytes(StandardCharsets.US_ASCII);
        backend = HttpServer.create().host("127.0.0.1").port(0)
                .doOnChannelInit((observer, channel, address) -> connections.incrementAndGet())
                .route(routes -> routes
                        .get("/fixed", (req, res) -> res.header("Content-Type", "application/json")
                                .header("Content-Length", Integer.toString(FIXED.length()))
                                .sendString(Mono.just(FIXED)))
                        .head("/fixed", (req, res) -> res.header("Content-Type", "application/json")
                                .header("Content-Length", Integer.toString(FIXED.length())).send())
                        .get("/echo", (req, res) -> {
                            // The request head as the backend got it, one "name: value" line per header.
                            StringBuilder seen = new StringBuilder();
                            req.requestHeaders().forEach(h -> seen.append(h.getKey().toLowerCase(Locale.ROOT))
                                    .append(": ").append(h.getValue()).append('\n'));
                            String text = seen.toString();
                            return res.header("Content-Type", "text/plain")
                                    .header("Keep-Alive", "timeout=5")
                                    .header("Content-Length", Integer.toString(text.length()))
                                    .sendString(Mono.just(text));
                        })
                        .get("/silent", (req, res) -> Mono.never())
                        .get("/large", (req, res) -> res.header("Content-Type", "application/octet-stream")
                                .send(Flux.range(0, PIECES).map(i -> {
                                    produced.addAndGet(PIECE);
                                    return (ByteBuf) Unpooled.wrappedBuffer(piece);
                                }))))
                .bindNow();
        gateway = GatewayServer.start(ConfigLoader.load(null, Map.of(), List.of("gateway.port=0",
                "gateway.backends=[\"127.0.0.1:" + backend.port() + "\"]", "gateway.health.enabled=false",
                "gateway.response-timeout=10s", "gateway.retry.max-attempts=1", "logging.access-log=off")));
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (backend != null) {
            backend.disposeNow();
        }
    }

    @Test
    void keepAliveGetsReuseOneBackendConnectionAndPassTheAnswerWhole() throws IOException {
        int before = connections.get();
        try (Socket socket = connect()) {
            for (int i = 0; i < 30; i++) {
                write(socket, "GET /fixed HTTP/1.1\r\nHost: gw\r\n\r\n");
                Answer answer = read(socket.getInputStream());
                assertThat(answer.statusLine()).as("request %d", i + 1).endsWith(" 200 OK");
                assertThat(answer.headers()).containsEntry("content-type", "application/json")
                        .containsKey("x-request-id");
                assertThat(answer.text()).isEqualTo(FIXED);
            }
        }
        // One client connection is served on one event loop, whose idle backend connection every GET reuses (0
        // new ones when an earlier test left it idle).
        assertThat(connections.get() - before).isLessThanOrEqualTo(1);
    }

    @Test
    void hopByHopHeadersStayOnTheirHopAndTheForwardingHeadersAreAdded() throws IOException {
        try (Socket socket = connect()) {
            write(socket, "GET /echo HTTP/1.1\r\nHost: gw.example\r\nConnection: keep-alive, X-Hop\r\n"
                    + "X-Hop: secret\r\nKeep-Alive: timeout=9\r\nTE: trailers\r\nX-Forwarded-For: 10.0.0.7\r\n"
                    + "X-Request-Id: fast-path-1\r\nX-Custom: kept\r\n\r\n");
            Answer answer = read(socket.getInputStream());
            assertThat(answer.statusLine()).endsWith(" 200 OK");
            assertThat(answer.headers()).containsEntry("x-request-id", "fast-path-1").doesNotContainKey("keep-alive");
            List<String> seen = List.of(answer.text().split("\n"));
            assertThat(seen).contains("host: 127.0.0.1:" + backend.port(), "x-custom: kept",
                    "x-forwarded-for: 10.0.0.7, 127.0.0.1", "x-forwarded-host: gw.example",
                    "x-forwarded-proto: http", "x-request-id: fast-path-1",
                    "forwarded: for=127.0.0.1;proto=http;host=\"gw.example\"");
            assertThat(seen).noneMatch(h -> h.startsWith("connection:") || h.startsWith("x-hop:")
                    || h.startsWith("keep-alive:") || h.startsWith("te:"));
        }
    }

    @Test
    void headGetsTheHeadWithoutABody() throws IOException {
        try (Socket socket = connect()) {
            write(socket, "HEAD /fixed HTTP/1.1\r\nHost: gw\r\n\r\n");
            InputStream in = socket.getInputStream();
            String statusLine = line(in);
            Map<String, String> headers = head(in);
            assertThat(statusLine).endsWith(" 200 OK");
            assertThat(headers).containsEntry("content-length", Integer.toString(FIXED.length()));
            // The connection stays usable: the next answer starts right where the head ended.
            write(socket, "GET /fixed HTTP/1.1\r\nHost: gw\r\n\r\n");
            Answer next = read(in);
            assertThat(next.statusLine()).endsWith(" 200 OK");
            assertThat(next.text()).isEqualTo(FIXED);
        }
    }

    @Test
    void aBackendThatNeverAnswersIsA504Problem() throws IOException {
        // Its own gateway with a short timeout: the shared one's is long, so a slow moment of a loaded machine
        // never turns the other tests' answers into 504s.
        try (GatewayServer impatient = GatewayServer.start(ConfigLoader.load(null, Map.of(), List.of("gateway.port=0",
                "gateway.backends=[\"127.0.0.1:" + backend.port() + "\"]", "gateway.health.enabled=false",
                "gateway.response-timeout=1s", "gateway.retry.max-attempts=1", "logging.access-log=off")));
             Socket socket = new Socket("127.0.0.1", impatient.port())) {
            socket.setSoTimeout(10_000);
            write(socket, "GET /silent HTTP/1.1\r\nHost: gw\r\n\r\n");
            Answer answer = read(socket.getInputStream());
            assertThat(answer.statusLine()).endsWith(" 504 Gateway Timeout");
            assertThat(answer.headers().get("content-type")).startsWith("application/problem+json");
            assertThat(answer.text()).contains("backend-timeout");
        }
    }

    @Test
    void aClientNotReadingALargeAnswerHoldsTheBackendBack() throws Exception {
        try (Socket socket = connect()) {
            socket.setSoTimeout(60_000);
            produced.set(0);
            write(socket, "GET /large HTTP/1.1\r\nHost: gw\r\n\r\n");
            InputStream in = socket.getInputStream();
            assertThat(line(in)).endsWith(" 200 OK");
            assertThat(head(in)).containsEntry("transfer-encoding", "chunked");
            // Not reading on: the backend may fill the socket buffers on both hops, not send the whole answer.
            await().atMost(Duration.ofSeconds(30)).until(() -> stalled(produced));
            assertThat(produced.get()).as("bytes the backend produced while the client did not read")
                    .isLessThan(LARGE / 2);
            assertThat(dechunk(in)).isEqualTo(LARGE);
            assertThat(produced.get()).isEqualTo(LARGE);
        }
    }

    @Test
    void aBackendNamedByHostIsResolvedAndReached() throws IOException {
        // A name, as a container or service name would be: resolved by the non-blocking DNS resolver (/etc/hosts
        // here) on the event loop, where BlockHound would catch a blocking lookup.
        try (GatewayServer named = GatewayServer.start(ConfigLoader.load(null, Map.of(), List.of("gateway.port=0",
                "gateway.backends=[\"localhost:" + backend.port() + "\"]", "gateway.health.enabled=false",
                "gateway.response-timeout=5s", "logging.access-log=off")));
             Socket socket = new Socket("127.0.0.1", named.port())) {
            socket.setSoTimeout(10_000);
            write(socket, "GET /fixed HTTP/1.1\r\nHost: gw\r\n\r\n");
            Answer answer = read(socket.getInputStream());
            assertThat(answer.statusLine()).endsWith(" 200 OK");
            assertThat(answer.text()).isEqualTo(FIXED);
        }
    }

    /** Whether {@code counter} stays put for a second. */
    private static boolean stalled(AtomicLong counter) throws InterruptedException {
        long before = counter.get();
        Thread.sleep(1000);
        return counter.get() == before;
    }

    private static Socket connect() throws IOException {
        return RawHttp.connect(gateway.port());
    }

    private static Answer read(InputStream in) throws IOException {
        String statusLine = line(in);
        Map<String, String> headers = head(in);
        String length = headers.get("content-length");
        assertThat(length).as("a declared length in %s", headers).isNotNull();
        return new Answer(statusLine, headers, in.readNBytes(Integer.parseInt(length)));
    }

    /** Reads a chunked body to its end; its length. */
    private static long dechunk(InputStream in) throws IOException {
        long total = 0;
        byte[] buffer = new byte[64 * 1024];
        for (int size = Integer.parseInt(line(in).trim(), 16); size > 0; size = Integer.parseInt(line(in).trim(), 16)) {
            for (int left = size; left > 0; ) {
                int n = in.read(buffer, 0, Math.min(left, buffer.length));
                if (n < 0) {
                    throw new IOException("connection closed inside a chunk");
                }
                left -= n;
            }
            total += size;
            assertThat(line(in)).isEmpty();
        }
        assertThat(line(in)).isEmpty();
        return total;
    }
}
