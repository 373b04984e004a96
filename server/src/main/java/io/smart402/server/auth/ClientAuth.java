package io.smart402.server.auth;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.smart402.core.error.FailureKind;
import io.smart402.server.ServerException;
import io.smart402.server.logging.AccessRecord;
import java.util.Optional;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Who is calling a client endpoint. A known key ({@code Authorization: Bearer …} or {@code X-API-Key}) →
 * its client and role; an unknown key → 401. No key: with keys configured → 401 (a server that has keys
 * wants every caller identified); with no keys configured → {@link #ANONYMOUS} (the config only allows
 * that on a loopback address, see {@code auth.keys}).
 */
public final class ClientAuth {

    /** The caller when no keys are configured: one shared client, not rate limited. */
    public static final ApiKeys.Principal ANONYMOUS = new ApiKeys.Principal("anonymous", ApiKeys.Role.CLIENT);

    private final ApiKeys keys;

    public ClientAuth(ApiKeys keys) {
        this.keys = keys;
    }

    /**
     * The caller, or a 401 problem (with {@code WWW-Authenticate} set on the response); the caller's client id goes
     * to the request's access log line.
     */
    public Mono<ApiKeys.Principal> authenticate(HttpServerRequest request, HttpServerResponse response) {
        return identify(request, response).transformDeferredContextual((principal, context) ->
                principal.doOnNext(p -> AccessRecord.client(context, p.client())));
    }

    private Mono<ApiKeys.Principal> identify(HttpServerRequest request, HttpServerResponse response) {
        Optional<String> presented = AdminGuard.presentedKey(request);
        if (presented.isEmpty() && keys.isEmpty()) {
            return Mono.just(ANONYMOUS);
        }
        Optional<ApiKeys.Principal> principal = presented.flatMap(keys::lookup);
        if (principal.isPresent()) {
            return Mono.just(principal.get());
        }
        response.header(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"smart402\"");
        return Mono.error(unauthorized(presented.isEmpty()
                ? "an API key is required (Authorization: Bearer <key> or X-API-Key)" : "unknown API key"));
    }

    static ServerException unauthorized(String detail) {
        return new ServerException(FailureKind.UNAUTHENTICATED, "unauthorized", detail);
    }

    /** Whether {@code principal} is the anonymous caller of a server without keys. */
    public static boolean isAnonymous(ApiKeys.Principal principal) {
        return principal == ANONYMOUS;
    }
}
