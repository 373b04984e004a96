package io.smart402.server.auth;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.smart402.core.error.FailureKind;
import io.smart402.server.ServerException;
import io.smart402.server.logging.AccessRecord;
import java.util.Optional;
import java.util.function.BiFunction;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Admin endpoints need an admin key ({@code Authorization: Bearer …} or {@code X-API-Key}): no key or an
 * unknown key → 401, a client key → 403. With no keys configured, admin endpoints are always refused (403).
 */
public final class AdminGuard {

    private final ApiKeys keys;

    public AdminGuard(ApiKeys keys) {
        this.keys = keys;
    }

    /** The key presented by a request, if any. */
    public static Optional<String> presentedKey(HttpServerRequest request) {
        String authorization = request.requestHeaders().get(HttpHeaderNames.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.of(authorization.substring(7).trim());
        }
        return Optional.ofNullable(request.requestHeaders().get("X-API-Key")).map(String::trim);
    }

    public BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> admin(
            BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> handler) {
        return (request, response) -> {
            if (keys.isEmpty()) {
                return Mono.error(forbidden("admin endpoints are disabled: no admin key is configured (auth.keys)"));
            }
            Optional<String> presented = presentedKey(request);
            Optional<ApiKeys.Principal> principal = presented.flatMap(keys::lookup);
            if (principal.isEmpty()) {
                response.header(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"smart402\"");
                return Mono.error(ClientAuth.unauthorized(presented.isEmpty() ? "an admin API key is required"
                        : "unknown API key"));
            }
            String client = principal.get().client();
            Mono<Void> guarded = principal.get().role() != ApiKeys.Role.ADMIN
                    ? Mono.error(forbidden("client '" + client + "' is not an admin"))
                    : Mono.defer(() -> Mono.from(handler.apply(request, response)));
            return guarded.transformDeferredContextual((mono, context) -> {
                AccessRecord.client(context, client);
                return mono;
            });
        };
    }

    private static ServerException forbidden(String detail) {
        return new ServerException(FailureKind.FORBIDDEN, "forbidden", detail);
    }
}
