package io.smart402.server.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.smart402.server.config.ServerConfig;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * nginx's {@code lingering_close}, so that a request refused before its body was read (413 on its declared length,
 * 401, 403, 429, …) reaches clients that write their whole body before reading (Python's urllib,
 * HttpURLConnection) as its status rather than as "connection reset by peer", which is what the kernel answers
 * to data sent to a closed socket.
 *
 * <p>Two cases, because Reactor Netty closes a non-persistent exchange ({@code Connection: close}, which urllib
 * sends on every request) in its traffic handler the moment the answer's last byte is written: there the rest of
 * the body is read and discarded <em>before</em> the refusal is written ({@link #beforeRefusal}); on a
 * keep-alive connection the refusal is written first and the rest read afterwards ({@link #after}). Both read at
 * most {@code max-bytes} for at most {@code timeout}; past either bound the connection is closed anyway, as nginx
 * does. A body the handler already began to read cannot be drained here (its inbound takes one subscriber): that
 * case is left to Reactor Netty.
 */
final class LingeringClose {

    private final ServerConfig.Lingering settings;

    LingeringClose(ServerConfig.Lingering settings) {
        this.settings = settings;
    }

    /** Before a refusal is written: drains a non-persistent request's unread body. */
    Mono<Void> beforeRefusal(HttpServerRequest request) {
        if (settings.timeout().isZero() || request.isKeepAlive() || !declaresBody(request)) {
            return Mono.empty();
        }
        return drain(request, new AtomicLong());
    }

    /** After the exchange: drains a refused keep-alive request's unread body, or closes past the bounds. */
    Mono<Void> after(HttpServerRequest request, HttpServerResponse response) {
        if (settings.timeout().isZero() || !request.isKeepAlive() || response.status().code() < 400
                || !declaresBody(request)) {
            return Mono.empty();
        }
        AtomicLong discarded = new AtomicLong();
        return drain(request, discarded).then(Mono.fromRunnable(() -> {
            if (discarded.get() > settings.maxBytes()) {
                request.withConnection(connection -> connection.channel().close());
            }
        }));
    }

    /** Reads and releases the body up to the bounds; completes, never fails (a taken inbound errors at once). */
    private Mono<Void> drain(HttpServerRequest request, AtomicLong discarded) {
        return request.receive()
                .takeUntil(chunk -> discarded.addAndGet(chunk.readableBytes()) > settings.maxBytes())
                .then()
                .timeout(settings.timeout())
                .onErrorResume(e -> {
                    discarded.set(Long.MAX_VALUE);
                    return Mono.empty();
                });
    }

    private static boolean declaresBody(HttpServerRequest request) {
        String length = request.requestHeaders().get(HttpHeaderNames.CONTENT_LENGTH);
        return request.requestHeaders().contains(HttpHeaderNames.TRANSFER_ENCODING)
                || length != null && !length.trim().equals("0");
    }
}
