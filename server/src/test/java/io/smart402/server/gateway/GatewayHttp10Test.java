package io.smart402.server.gateway;

import static io.smart402.server.gateway.RawHttp.head;
import static io.smart402.server.gateway.RawHttp.line;
import static io.smart402.server.gateway.RawHttp.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.smart402.server.app.GatewayServer;
import io.smart402.server.config.ConfigLoader;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.netty.ByteBufFlux;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * HTTP/1.0 clients through the gateway, over a raw socket as {@code ab -k} speaks: a keep-alive client gets
 * {@code Connection: keep-alive} and can send its next request on the same connection; a body of unknown length
 * ends with the connection (HTTP/1.0 has no chunked encoding); a client without keep-alive sees the close. The
 * backend is a real HTTP server on a real socket, answering one body with a declared length and one streamed.
 */
class GatewayHttp10Test {

    private static final String FIXED = "{\"answer\":\"" + "x".repeat(2000) + "\"}";
    private static final List<String> CHUNKS = List.of("{\"line\":1}\n", "{\"line\":2}\n", "{\"line\":3}\n");

    private static DisposableServer backend;
    private static GatewayServer gateway;

    record Answer(String statusLine, Map<String, String> headers, String body) {
    }

    @BeforeAll
    static void start() {
        backend = HttpServer.create().host("127.0.0.1").port(0)
                .route(routes -> routes
                        .get("/ready", (req, res) -> res.sendString(Flux.just("ok")))
                        .get("/fixed", (req, res) -> res.header("Content-Type", "application/json")
                                .header("Content-Length", Integer.toString(FIXED.length()))
                                .sendString(Flux.just(FIXED)))
                        .get("/stream", (req, res) -> res.header("Content-Type", "application/x-ndjson")
                                .send(ByteBufFlux.fromString(Flux.fromIterable(CHUNKS)), b -> true)))
                .bindNow();
        gateway = GatewayServer.start(ConfigLoader.load(null, Map.of(), List.of("gateway.port=0",
                "gateway.backends=[\"127.0.0.1:" + backend.port() + "\"]", "logging.access-log=off")));
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
    void aKeepAliveClientSendsTwoRequestsOnOneConnection() throws IOException {
        try (Socket socket = connect()) {
            for (int i = 0; i < 2; i++) {
                write(socket, "GET /fixed HTTP/1.0\r\nConnection: Keep-Alive\r\nHost: gw\r\n\r\n");
                Answer answer = read(socket.getInputStream());
                assertThat(answer.statusLine()).as("request %d", i + 1).endsWith(" 200 OK");
                assertThat(answer.headers()).containsEntry("connection", "keep-alive");
                assertThat(answer.body()).isEqualTo(FIXED);
            }
        }
    }

    @Test
    void aStreamedAnswerToAKeepAliveClientEndsWithTheConnection() throws IOException {
        try (Socket socket = connect()) {
            write(socket, "GET /stream HTTP/1.0\r\nConnection: Keep-Alive\r\nHost: gw\r\n\r\n");
            Answer answer = read(socket.getInputStream());
            assertThat(answer.statusLine()).endsWith(" 200 OK");
            assertThat(answer.headers()).doesNotContainKey("transfer-encoding")
                    .doesNotContainEntry("connection", "keep-alive");
            assertThat(answer.body()).as(answer.toString()).isEqualTo(String.join("", CHUNKS));
        }
    }

    @Test
    void aClientWithoutKeepAliveSeesTheClose() throws IOException {
        try (Socket socket = connect()) {
            write(socket, "GET /fixed HTTP/1.0\r\nHost: gw\r\n\r\n");
            InputStream in = socket.getInputStream();
            Answer answer = read(in);
            assertThat(answer.statusLine()).endsWith(" 200 OK");
            assertThat(answer.body()).isEqualTo(FIXED);
            assertThat(in.read()).as("end of stream after the answer").isEqualTo(-1);
        }
    }

    private static Socket connect() throws IOException {
        return RawHttp.connect(gateway.port());
    }

    /** One answer: its head, then Content-Length bytes, or everything up to the end of the stream. */
    private static Answer read(InputStream in) throws IOException {
        String statusLine = line(in);
        Map<String, String> headers = head(in);
        headers.replaceAll((name, value) -> value.toLowerCase(Locale.ROOT).equals("keep-alive") ? "keep-alive" : value);
        String length = headers.get("content-length");
        byte[] body = length == null ? in.readAllBytes() : in.readNBytes(Integer.parseInt(length));
        return new Answer(statusLine, headers, new String(body, StandardCharsets.UTF_8));
    }
}
