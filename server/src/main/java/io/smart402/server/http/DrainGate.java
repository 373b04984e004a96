package io.smart402.server.http;

import io.smart402.server.drain.Drain;
import io.smart402.server.drain.DrainingException;
import java.util.function.BiFunction;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Counts client requests in flight for the {@link Drain}, and once it drains refuses new ones: 503 problem with
 * {@code Retry-After} and {@code Connection: close}, so a keep-alive client or a proxy reconnects to another
 * instance instead of reusing this connection.
 */
public final class DrainGate {

    private final Drain drain;

    public DrainGate(Drain drain) {
        this.drain = drain;
    }

    public BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> guard(
            BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> handler) {
        return (request, response) -> Mono.defer(() -> {
            if (!drain.enter()) {
                response.keepAlive(false);
                return Mono.error(new DrainingException("this instance is shutting down and takes no new requests"));
            }
            return Mono.from(handler.apply(request, response)).doFinally(signal -> drain.exit());
        });
    }
}
