package io.smart402.server.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.smart402.core.balance.Backend;
import io.smart402.core.balance.LoadBalancer;
import io.smart402.core.logging.RequestIds;
import io.netty.util.ReferenceCountUtil;
import io.smart402.server.auth.AdminGuard;
import io.smart402.server.config.ServerConfig;
import io.smart402.server.logging.AccessRecord;
import io.smart402.server.metrics.ServerMeters;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.util.context.ContextView;

/**
 * Forwards one exchange to a backend the balancer picks, streaming both bodies with backpressure (the request
 * body is read only as fast as the backend takes it, the backend's answer only as fast as the client reads), and
 * retries on another backend only what is safe: a request whose connection never opened (nothing was sent), and
 * a GET or HEAD that failed before its answer began, each within the {@link RetryBudget}. The call counts as in
 * flight on its backend until the answer's last byte is written, so least-request and adaptive see streams.
 */
public final class Proxy {

    private static final String BATCH_PATH = "/contracts/batch";

    /** Headers of fast-path requests: copied from the client's request, which the server side validated. */
    private static final DefaultHttpHeadersFactory BACKEND_HEADERS =
            DefaultHttpHeadersFactory.headersFactory().withValidation(false);

    /** Answers of declared length up to this size go to the client in one write, headers included. */
    static final int SINGLE_WRITE_MAX_BYTES = 64 * 1024;

    private final LoadBalancer<BackendAddress> balancer;
    private final HttpClient client;
    private final BackendChannels channels;
    private final RetryBudget budget;
    private final int maxAttempts;
    private final boolean sticky;
    private final Counter retries;
    private final Counter budgetExhausted;
    private final ServerConfig.Lingering lingering;

    /**
     * @param pool        the backend connections: the fast path for bodiless GET and HEAD requests, and the
     *                    pooled client (keep-alive, timeouts) for the rest
     * @param maxAttempts attempts of one request in all, the first included
     * @param sticky      batch streams carry the client's key so the balancer's affinity strategy keeps them on
     *                    one backend
     * @param lingering   how much of a body the backend refused early is still read from the client
     */
    public Proxy(LoadBalancer<BackendAddress> balancer, BackendPool pool, RetryBudget budget, int maxAttempts,
                 boolean sticky, ServerConfig.Lingering lingering, MeterRegistry registry) {
        this.lingering = lingering;
        this.balancer = balancer;
        this.client = pool.client();
        this.channels = pool.channels();
        this.budget = budget;
        this.maxAttempts = maxAttempts;
        this.sticky = sticky;
        this.retries = ServerMeters.GATEWAY_RETRIES.counter().register(registry);
        this.budgetExhausted = ServerMeters.GATEWAY_RETRY_BUDGET_EXHAUSTED.counter().register(registry);
    }

    /** Forwards the exchange; fails with a {@link GatewayException} or the balancer's refusal when no answer came. */
    public Mono<Void> forward(HttpServerRequest request, HttpServerResponse response) {
        return Mono.deferContextual(context -> {
            budget.requested();
            Exchange exchange = new Exchange(request, response, context);
            String key = sticky && isBatch(request) ? clientKey(request) : null;
            return attempt(exchange, key, null, 1)
                    .onErrorMap(e -> translate(e, exchange))
                    .then(Mono.defer(exchange::drainRest))
                    .onErrorResume(e -> exchange.drainRest().then(Mono.error(e)));
        });
    }

    /**
     * Attempt number {@code attempt} on a backend not tried yet, and on a retryable failure the next one. A plain
     * onErrorResume rather than retryWhen: retryWhen builds a signal processor and a serialized subscriber for
     * every request, a measurable share of the proxy's CPU on cheap GETs, for retries that almost never happen.
     */
    private Mono<Void> attempt(Exchange exchange, String key, Set<String> tried, int attempt) {
        Set<String> avoid = tried == null ? Set.of() : tried;
        return balancer.executeOn(key, avoid, exchange::on)
                .onErrorResume(e -> retryable(e, exchange, attempt), e -> {
                    Set<String> next = new HashSet<>(avoid);
                    next.add(exchange.lastBackend);
                    return attempt(exchange, key, next, attempt + 1);
                });
    }

    private boolean retryable(Throwable e, Exchange exchange, int attempts) {
        if (attempts >= maxAttempts || exchange.response.hasSentHeaders()) {
            return false;
        }
        BackendFailure failure = BackendFailure.of(e);
        boolean safe = failure == BackendFailure.NOT_CONNECTED && !exchange.bodyTaken.get()
                || exchange.idempotent && failure.againstBackend();
        if (!safe) {
            return false;
        }
        if (!budget.tryRetry()) {
            budgetExhausted.increment();
            return false;
        }
        retries.increment();
        exchange.reset();
        return true;
    }

    private static Throwable translate(Throwable e, Exchange exchange) {
        String backend = exchange.lastBackend == null ? "?" : exchange.lastBackend;
        return switch (BackendFailure.of(e)) {
            case NOT_CONNECTED, BROKEN -> GatewayException.backendFailed(backend, e);
            case TIMED_OUT -> GatewayException.backendTimeout(backend, "did not answer in time");
            case OTHER -> e;
        };
    }

    /** The backend's Content-Length, or -1 when it has none or not one number. */
    static long declaredLength(HttpHeaders headers) {
        String length = headers.get(HttpHeaderNames.CONTENT_LENGTH);
        if (length == null) {
            return -1;
        }
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean isBatch(HttpServerRequest request) {
        return request.method().equals(HttpMethod.POST) && request.fullPath().equals(BATCH_PATH);
    }

    /** The client's API key (only hashed by the balancer, never logged), else its address. */
    private static String clientKey(HttpServerRequest request) {
        return AdminGuard.presentedKey(request).orElseGet(() -> {
            InetSocketAddress remote = request.remoteAddress();
            return remote == null ? "" : remote.getHostString();
        });
    }

    /** One client exchange, forwarded once or, on a retry, again. */
    private final class Exchange {
        final HttpServerRequest request;
        final HttpServerResponse response;
        final ContextView context;
        final boolean idempotent;
        final boolean hasBody;
        final Flux<ByteBuf> inbound;
        final Flux<ByteBuf> body;
        final AtomicBoolean bodyTaken = new AtomicBoolean();
        final AtomicBoolean inboundDone = new AtomicBoolean();
        final AtomicBoolean bodyActive = new AtomicBoolean();
        final AtomicBoolean drained = new AtomicBoolean();
        final Sinks.Empty<Void> bodyLeft;
        final String requestId;
        final Channel clientChannel;
        volatile String lastBackend;

        Exchange(HttpServerRequest request, HttpServerResponse response, ContextView context) {
            this.request = request;
            this.response = response;
            this.context = context;
            HttpMethod method = request.method();
            this.idempotent = method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD);
            String length = request.requestHeaders().get(HttpHeaderNames.CONTENT_LENGTH);
            this.hasBody = request.requestHeaders().contains(HttpHeaderNames.TRANSFER_ENCODING)
                    || length != null && !"0".equals(length.trim());
            // The inbound takes one subscriber, and Reactor Netty closes the client's connection when that one
            // cancels. A backend that answers before reading the whole body (a 413 on the declared length) makes
            // the client request cancel its body; published, the inbound outlives that cancel and drainRest reads
            // the rest, so the client still gets the answer (lingering close). A retry after the body was taken is
            // refused above: the bytes already sent are gone.
            // A bodiless request (most GETs) skips the published inbound: nothing to forward or drain.
            this.inbound = hasBody ? request.receive().retain().doOnTerminate(() -> inboundDone.set(true))
                    .publish(8).autoConnect(1) : null;
            this.bodyLeft = hasBody ? Sinks.empty() : null;
            this.body = hasBody ? inbound
                    .doOnSubscribe(s -> {
                        bodyTaken.set(true);
                        bodyActive.set(true);
                    })
                    .doFinally(signal -> {
                        bodyActive.set(false);
                        bodyLeft.tryEmitEmpty();
                    }) : null;
            String id = RequestIds.orNull(context);
            this.requestId = id == null ? "-" : id;
            Channel[] channel = new Channel[1];
            request.withConnection(c -> channel[0] = c.channel());
            this.clientChannel = channel[0];
        }

        Mono<Void> on(Backend<BackendAddress> backend) {
            lastBackend = backend.id();
            HttpMethod method = request.method();
            if (idempotent && !hasBody && clientChannel != null) {
                Mono<BackendAnswer> answer = channels.call(clientChannel, backend.value(),
                        backendRequest(backend.value()), !method.equals(HttpMethod.HEAD));
                if (answer != null) {
                    return answer.flatMap(this::relay);
                }
            }
            return client.request(request.method())
                    .uri(backend.value().baseUrl().concat(request.uri()))
                    .send((out, outbound) -> {
                        HopHeaders.copyRequest(request.requestHeaders(), out.requestHeaders(),
                                request.remoteAddress(), requestId);
                        return hasBody ? outbound.send(body, b -> true) : outbound;
                    })
                    .response((in, inbound) -> refusalAfterBody(in.status().code()).thenMany(Flux.defer(() -> {
                        response.status(in.status());
                        HopHeaders.copyResponse(in.responseHeaders(), response.responseHeaders());
                        ClientProtocol.fit(request, response);
                        long length = declaredLength(in.responseHeaders());
                        if (length > 0 && length <= SINGLE_WRITE_MAX_BYTES && !method.equals(HttpMethod.HEAD)) {
                            // A small answer of declared length is gathered (bounded) and sent with its headers
                            // in one write, one send syscall, as nginx's proxy buffers do; streamed, the headers
                            // and each piece were flushed on their own.
                            return response.send(inbound.aggregate().retain()
                                    .doOnNext(b -> AccessRecord.streamed(context, b.readableBytes())));
                        }
                        // Flush each chunk as it comes: an SSE or NDJSON answer is read event by event (the default
                        // flushes only when the send's prefetch batch ends, holding early events back).
                        return response.send(inbound.retain()
                                .doOnNext(b -> AccessRecord.streamed(context, b.readableBytes())), b -> true);
                    })))
                    .then();
        }

        /** The bodiless request as the backend gets it on the fast path. */
        private HttpRequest backendRequest(BackendAddress backend) {
            HttpHeaders headers = BACKEND_HEADERS.newHeaders();
            HopHeaders.copyRequest(request.requestHeaders(), headers, request.remoteAddress(), requestId);
            headers.set(HttpHeaderNames.HOST, backend.id());
            return new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, request.method(), request.uri(),
                    Unpooled.EMPTY_BUFFER, headers, EmptyHttpHeaders.INSTANCE);
        }

        /** Sends a fast-path answer to the client: whole in one write, or streamed chunk by chunk. */
        private Mono<Void> relay(BackendAnswer answer) {
            ByteBuf whole = answer.whole();
            try {
                response.status(answer.head().status());
                HopHeaders.copyResponse(answer.head().headers(), response.responseHeaders());
                ClientProtocol.fit(request, response);
            } catch (RuntimeException e) {
                if (whole != null) {
                    whole.release();
                } else {
                    answer.unread().run();
                }
                throw e;
            }
            if (whole == null) {
                // A client gone before the send began never subscribes: what was read ahead is released then.
                AtomicBoolean subscribed = new AtomicBoolean();
                return response.send(answer.streamed()
                                .doOnSubscribe(s -> subscribed.set(true))
                                .doOnNext(b -> AccessRecord.streamed(context, b.readableBytes())), b -> true)
                        .then()
                        .doFinally(signal -> {
                            if (!subscribed.get()) {
                                answer.unread().run();
                            }
                        });
            }
            AccessRecord.streamed(context, whole.readableBytes());
            // Released here unless the send took it (a client gone before the write never subscribes).
            AtomicBoolean taken = new AtomicBoolean();
            return response.send(Mono.fromSupplier(() -> {
                        taken.set(true);
                        return whole;
                    }))
                    .then()
                    .doFinally(signal -> {
                        if (!taken.get()) {
                            whole.release();
                        }
                    });
        }

        /**
         * Before a refusal (status 400 or above) that a backend sent while the client's body was still coming:
         * waits, within the lingering timeout, until the body's forwarding ends (the backend read it all, or left),
         * then reads what the client still sends. Only then is the refusal written: a client that writes its whole
         * body before reading (HttpURLConnection, urllib) meets a closed socket otherwise, and Reactor Netty closes
         * a {@code Connection: close} exchange as soon as its answer is written; a reset, not the status, is what
         * such a client would see.
         */
        private Mono<Void> refusalAfterBody(int status) {
            if (!hasBody || status < 400 || inboundDone.get()) {
                return Mono.empty();
            }
            return bodyLeft.asMono().timeout(lingering.timeout(), Mono.empty()).then(Mono.defer(this::drainRest));
        }

        /**
         * Reads and releases what the client still sends of a body the backend stopped reading, within the
         * lingering bounds; past them the client's connection is closed. Nothing to do when the body was never
         * taken (Reactor Netty and {@code HttpMetrics} handle that), was read to its end, or is still being
         * forwarded (the inbound's pieces would go to two readers), and done once.
         */
        Mono<Void> drainRest() {
            if (!bodyTaken.get() || inboundDone.get() || bodyActive.get() || !drained.compareAndSet(false, true)) {
                return Mono.empty();
            }
            AtomicLong discarded = new AtomicLong();
            return inbound
                    .takeUntil(chunk -> {
                        long total = discarded.addAndGet(chunk.readableBytes());
                        ReferenceCountUtil.release(chunk);
                        return total > lingering.maxBytes();
                    })
                    .then()
                    .timeout(lingering.timeout())
                    .onErrorResume(e -> {
                        discarded.set(Long.MAX_VALUE);
                        return Mono.empty();
                    })
                    .then(Mono.fromRunnable(() -> {
                        if (discarded.get() > lingering.maxBytes()) {
                            request.withConnection(connection -> connection.channel().close());
                        }
                    }));
        }

        /** Forgets what a failed attempt put on the response, before headers were sent; keeps the request id. */
        void reset() {
            String id = response.responseHeaders().get(RequestIds.HEADER);
            response.responseHeaders().clear();
            if (id != null) {
                response.header(RequestIds.HEADER, id);
            }
        }
    }
}
