package io.smart402.server.auth;

import io.netty.handler.codec.http.cookie.Cookie;
import io.smart402.server.logging.AccessRecord;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The dashboard's data is for admins when API keys are configured: the {@link AdminGuard}'s check (an admin key
 * in a header; else 401, or 403 for a client key), or the session cookie a page got for such a key
 * ({@link SessionTokens}), because a browser's {@code EventSource} cannot send headers. Without keys the server
 * listens on loopback only (see {@code auth.keys}) and the dashboard is open, like the client endpoints.
 */
public final class DashboardGuard {

    /** The session cookie's name. */
    public static final String COOKIE = "smart402_dashboard";

    private final ApiKeys keys;
    private final AdminGuard admin;
    private final SessionTokens sessions;

    public DashboardGuard(ApiKeys keys, AdminGuard admin, SessionTokens sessions) {
        this.keys = keys;
        this.admin = admin;
        this.sessions = sessions;
    }

    public BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> guard(
            BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> handler) {
        BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> byKey = admin.admin(handler);
        return (request, response) -> {
            if (keys.isEmpty()) {
                return handler.apply(request, response);
            }
            Optional<String> client = session(request);
            if (client.isPresent() && AdminGuard.presentedKey(request).isEmpty()) {
                return Mono.defer(() -> Mono.from(handler.apply(request, response)))
                        .transformDeferredContextual((mono, context) -> {
                            AccessRecord.client(context, client.get());
                            return mono;
                        });
            }
            return byKey.apply(request, response);
        };
    }

    /** The handler behind the admin key check alone (exchanging the key for a session needs the key). */
    public BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> adminKey(
            BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> handler) {
        return admin.admin(handler);
    }

    /** A session token for the admin whose key the request presents (call behind {@link #adminKey}). */
    public Optional<String> issue(HttpServerRequest request) {
        return AdminGuard.presentedKey(request).flatMap(keys::lookup)
                .filter(p -> p.role() == ApiKeys.Role.ADMIN)
                .map(p -> sessions.issue(p.client()));
    }

    public SessionTokens sessions() {
        return sessions;
    }

    private Optional<String> session(HttpServerRequest request) {
        Set<Cookie> cookies = request.cookies().get(COOKIE);
        if (cookies == null) {
            return Optional.empty();
        }
        for (Cookie cookie : cookies) {
            Optional<String> client = sessions.verify(cookie.value());
            if (client.isPresent()) {
                return client;
            }
        }
        return Optional.empty();
    }
}
