package io.smart402.server.http;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.smart402.server.admission.AdmissionControl;
import io.smart402.server.config.ServerConfig;
import io.smart402.server.feed.ChangeFeed;
import io.smart402.server.feed.FeedRequest;
import io.smart402.server.feed.FeedSlots;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * {@code GET /contracts/changes}: the change feed as SSE ({@code id:} the resume cursor, {@code event:} the kind,
 * {@code data:} the change) or NDJSON (the same fields on one line). A client endpoint like the others: identified
 * and charged one permit; then its feed holds one of the client's {@code feed.max-subscribers-per-client} slots
 * until the stream ends. Everything that can be wrong with the request (Accept, filters, cursor) is a problem
 * before the first byte of the stream.
 */
public final class FeedRoutes {

    private static final String OFFERED = "text/event-stream, application/x-ndjson";

    private final ChangeFeed feed;
    private final FeedSlots slots;
    private final AdmissionControl admission;
    private final ServerConfig.Feed config;
    private final Scheduler timer;

    /** @param timer where heartbeats tick */
    public FeedRoutes(ChangeFeed feed, FeedSlots slots, AdmissionControl admission, ServerConfig.Feed config,
                      Scheduler timer) {
        this.feed = feed;
        this.slots = slots;
        this.admission = admission;
        this.config = config;
        this.timer = timer;
    }

    public Publisher<Void> changes(HttpServerRequest request, HttpServerResponse response) {
        return admission.admit(request, response).flatMap(admitted -> {
            String accept = request.requestHeaders().get(HttpHeaderNames.ACCEPT);
            String type = MediaTypes.feedResponseType(accept);
            if (type == null) {
                return Mono.error(new ProblemException(Problems.notAcceptable(accept, OFFERED)));
            }
            FeedRequest wanted = FeedRequest.parse(new QueryStringDecoder(request.uri()).parameters(),
                    request.requestHeaders().get("Last-Event-ID"), feed.cursors());
            FeedSlots.Slot slot = slots.acquire(admitted.principal().client());
            // "now" is fixed before the headers go out: a client that has them gets every later change.
            return feed.resolve(wanted).flatMap(start -> stream(response, type, start))
                    .doFinally(s -> slot.close());
        });
    }

    private Mono<Void> stream(HttpServerResponse response, String type, FeedRequest wanted) {
        FeedFrames frames = new FeedFrames(type.equals(MediaTypes.SSE));
        Flux<byte[]> heartbeats = Flux.interval(config.heartbeat(), config.heartbeat(), timer)
                .map(t -> frames.heartbeat())
                .onBackpressureDrop();
        Flux<byte[]> stream = Flux.concat(Flux.just(frames.prelude(config.retry())).filter(b -> b.length > 0),
                        Flux.merge(1, feed.open(wanted).map(frames::event), heartbeats))
                // A disconnect cancels on the event loop, and cancelling a timer whose tick is running elsewhere
                // waits for it (Reactor's PeriodicWorkerTask parks; BlockHound caught it): cancel off the loop.
                .cancelOn(Schedulers.boundedElastic());
        response.status(HttpResponseStatus.OK)
                .header(HttpHeaderNames.CONTENT_TYPE, type.equals(MediaTypes.SSE) ? MediaTypes.SSE
                        + ";charset=utf-8" : MediaTypes.NDJSON)
                .header(HttpHeaderNames.CACHE_CONTROL, "no-cache")
                // Reverse proxies (nginx) buffer responses by default; a feed must not sit in their buffer.
                .header("X-Accel-Buffering", "no");
        // Headers now, not with the first event: an NDJSON client (no prelude) would otherwise wait for one.
        return Mono.from(response.sendHeaders())
                .then(Mono.from(response.send(stream.map(Unpooled::wrappedBuffer), b -> true)));
    }
}
