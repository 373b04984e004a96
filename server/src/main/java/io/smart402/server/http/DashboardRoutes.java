package io.smart402.server.http;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.cookie.CookieHeaderNames;
import io.netty.handler.codec.http.cookie.DefaultCookie;
import io.smart402.core.error.FailureKind;
import io.smart402.server.ServerException;
import io.smart402.server.auth.DashboardGuard;
import io.smart402.server.live.SharedTicker;
import io.smart402.server.logging.AccessRecord;
import io.smart402.server.view.LiveView;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The live dashboard: the page and its files ({@code GET /dashboard}, {@code /dashboard/{file}}), the page's session
 * ({@code /dashboard/session}) and the stats stream it reads ({@code GET /stats/stream}, SSE). The page and its
 * files are the same static code for everyone and carry no data; the stream and the session check are behind the
 * {@link DashboardGuard}.
 */
public final class DashboardRoutes {

    /** Route templates of long-lived streams, left out of the dashboard's HTTP latency. */
    public static final String STREAM = "/stats/stream";

    private static final String BASE = "io/smart402/server/dashboard/";
    private static final byte[] HEARTBEAT = ": heartbeat\n\n".getBytes(StandardCharsets.UTF_8);

    private final StaticAssets assets = StaticAssets.load(BASE, Map.of(
            "index.html", "text/html; charset=utf-8",
            "dashboard.js", "text/javascript; charset=utf-8",
            "dashboard.css", "text/css; charset=utf-8",
            "uPlot.iife.min.js", "text/javascript; charset=utf-8",
            "uPlot.min.css", "text/css; charset=utf-8",
            "uPlot.LICENSE.txt", "text/plain; charset=utf-8"));
    private final DashboardGuard guard;
    private final SharedTicker<byte[]> stats;
    private final SharedTicker<byte[]> heartbeats;
    private final int maxSubscribers;
    private final long retryMillis;
    private final AtomicInteger open = new AtomicInteger();

    /**
     * Loads the page's files (blocking: start-up only).
     *
     * @param stats      the shared ticker of encoded stats events ({@link #event})
     * @param heartbeats the shared ticker of heartbeats ({@link #heartbeat})
     * @param retryMillis the reconnection delay suggested to the browser
     */
    public DashboardRoutes(DashboardGuard guard, SharedTicker<byte[]> stats, SharedTicker<byte[]> heartbeats,
                           int maxSubscribers, long retryMillis) {
        this.guard = guard;
        this.stats = stats;
        this.heartbeats = heartbeats;
        this.maxSubscribers = maxSubscribers;
        this.retryMillis = retryMillis;
    }

    /** One SSE event: {@code id:} the snapshot's number, {@code event: stats}, {@code data:} the snapshot. */
    public static byte[] event(LiveView view) {
        byte[] json = Responses.bytes(view);
        byte[] head = ("id: " + view.seq() + "\nevent: stats\ndata: ").getBytes(StandardCharsets.UTF_8);
        byte[] frame = new byte[head.length + json.length + 2];
        System.arraycopy(head, 0, frame, 0, head.length);
        System.arraycopy(json, 0, frame, head.length, json.length);
        frame[frame.length - 2] = '\n';
        frame[frame.length - 1] = '\n';
        return frame;
    }

    /** An SSE comment: keeps proxies from closing a quiet stream; EventSource ignores it. */
    public static byte[] heartbeat() {
        return HEARTBEAT.clone();
    }

    List<Route> routes() {
        // /dashboard/session before /dashboard/{file}: the first matching route wins.
        return List.of(
                new Route(HttpMethod.GET, "/dashboard", (req, res) -> file(res, "index.html")),
                new Route(HttpMethod.GET, "/dashboard/session", guard.guard(this::session)),
                new Route(HttpMethod.POST, "/dashboard/session", guard.adminKey(this::openSession)),
                new Route(HttpMethod.DELETE, "/dashboard/session", this::closeSession),
                new Route(HttpMethod.GET, "/dashboard/{file}", (req, res) -> file(res, req.param("file"))),
                new Route(HttpMethod.GET, STREAM, guard.guard(this::stream)));
    }

    private Publisher<Void> file(HttpServerResponse response, String name) {
        return assets.get(name).map(asset -> StaticAssets.send(response, asset))
                .orElseGet(() -> Mono.error(new ProblemException(Problems.notFound("no dashboard file " + name))));
    }

    /** Whether the caller may read the stream (the page asks before opening it, to show the key form or not). */
    private Publisher<Void> session(HttpServerRequest request, HttpServerResponse response) {
        return Responses.json(response, 200, Map.of("authenticated", true));
    }

    /** Exchanges the admin key of the request for the session cookie. */
    private Publisher<Void> openSession(HttpServerRequest request, HttpServerResponse response) {
        String token = guard.issue(request).orElseThrow(() ->
                new IllegalStateException("unreachable: the admin guard let a non-admin key through"));
        response.addCookie(cookie(token, guard.sessions().ttl().toSeconds()));
        return Responses.json(response, 200, Map.of("authenticated", true,
                "expires_in_seconds", guard.sessions().ttl().toSeconds()));
    }

    private Publisher<Void> closeSession(HttpServerRequest request, HttpServerResponse response) {
        response.addCookie(cookie("", 0));
        return response.status(204).send();
    }

    /**
     * HttpOnly: no script (ours or injected) reads it; SameSite=Strict: no other site's page sends it. Not Secure:
     * the server speaks plain HTTP (put TLS in front of it off loopback).
     */
    private static DefaultCookie cookie(String value, long maxAgeSeconds) {
        DefaultCookie cookie = new DefaultCookie(DashboardGuard.COOKIE, value);
        cookie.setPath("/");
        cookie.setHttpOnly(true);
        cookie.setSameSite(CookieHeaderNames.SameSite.Strict);
        cookie.setMaxAge(maxAgeSeconds);
        return cookie;
    }

    private Publisher<Void> stream(HttpServerRequest request, HttpServerResponse response) {
        String accept = request.requestHeaders().get(HttpHeaderNames.ACCEPT);
        if (!acceptsEventStream(accept)) {
            return Mono.error(new ProblemException(Problems.notAcceptable(accept, MediaTypes.SSE)));
        }
        if (open.incrementAndGet() > maxSubscribers) {
            open.decrementAndGet();
            return Mono.error(new ServerException(FailureKind.OVERLOADED, "too-many-streams",
                    "this server already serves " + maxSubscribers + " stats streams (dashboard.max-subscribers)"));
        }
        Flux<byte[]> events = Flux.concat(
                        Mono.just(("retry: " + retryMillis + "\n\n").getBytes(StandardCharsets.UTF_8)),
                        Flux.merge(stats.flux(), heartbeats.flux()))
                // A stream has no Content-Length: the access log counts what was sent.
                .transformDeferredContextual((bytes, context) ->
                        bytes.doOnNext(event -> AccessRecord.streamed(context, event.length)));
        response.header(HttpHeaderNames.CONTENT_TYPE, MediaTypes.SSE + ";charset=utf-8")
                .header(HttpHeaderNames.CACHE_CONTROL, "no-cache")
                // Tells nginx-like proxies not to buffer the stream.
                .header("X-Accel-Buffering", "no");
        // The handler's own Mono is always subscribed, so the stream's slot is given back however it ends.
        return Mono.from(response.send(events.map(Unpooled::wrappedBuffer), b -> true))
                .doFinally(signal -> open.decrementAndGet());
    }

    private static boolean acceptsEventStream(String accept) {
        if (accept == null || accept.isBlank()) {
            return true;
        }
        String lower = accept.toLowerCase(java.util.Locale.ROOT);
        return lower.contains(MediaTypes.SSE) || lower.contains("*/*") || lower.contains("text/*");
    }
}
