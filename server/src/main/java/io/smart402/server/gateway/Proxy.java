package io.smart402.server.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.util.context.ContextView;
import reactor.util.retry.Retry;

/**
 * Forwards one exchange to a backend the balancer picks, streaming both bodies with backpressure (the request
 * body is read only as fast as the backend takes it, the backend's answer only as fast as the client reads), and
 * retries on another backend only what is safe: a request whose connection never opened (nothing was sent), and
 * a GET or HEAD that failed before its answer began, each within the {@link RetryBudget}. The call counts as in
 * flight on its backend until the answer's last byte is written, so least-request and adaptive see streams.
 */
public final class Proxy {

    private static final String BATCH_PATH = "/contracts/batch";

    private final LoadBalancer<BackendAddress> balancer;
    private final HttpClient client;
    private final RetryBudget budget;
    private final int maxAttempts;
    private final boolean sticky;
    private final Counter retries;
    private final Counter budgetExhausted;
    private final ServerConfig.Lingering lingering;

    /**
     * @param client      the pooled client (keep-alive, timeouts); requests name the backend's full URL
     * @param maxAttempts attempts of one request in all, the first included
     * @param sticky      batch streams carry the client's key so the balancer's affinity strategy keeps them on
     *                    one backend
     * @param lingering   how much of a body the backend refused early is still read from the client
     */
    public Proxy(LoadBalancer<BackendAddress> balancer, HttpClient client, RetryBudget budget, int maxAttempts,
                 boolean sticky, ServerConfig.Lingering lingering, MeterRegistry registry) {
        this.lingering = lingering;
        this.balancer = balancer;
        this.client = client;
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
            Set<String> tried = ConcurrentHashMap.newKeySet();
            AtomicInteger attempts = new AtomicInteger();
            String key = sticky && isBatch(request) ? clientKey(request) : null;
            return Mono.defer(() -> {
                        attempts.incrementAndGet();
                        return balancer.executeOn(key, tried, backend -> {
                            tried.add(backend.id());
                            return exchange.on(backend);
                        });
                    })
                    .retryWhen(Retry.indefinitely().filter(e -> retryable(e, exchange, attempts.get())))
                    .onErrorMap(e -> translate(e, exchange))
                    .then(Mono.defer(exchange::drainRest))
                    .onErrorResume(e -> exchange.drainRest().then(Mono.error(e)));
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
        final String requestId;
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
            this.body = hasBody ? inbound.doOnSubscribe(s -> bodyTaken.set(true)) : null;
            String id = RequestIds.orNull(context);
            this.requestId = id == null ? "-" : id;
        }

        Mono<Void> on(Backend<BackendAddress> backend) {
            lastBackend = backend.id();
            return client.request(request.method())
                    .uri(backend.value().baseUrl().concat(request.uri()))
                    .send((out, outbound) -> {
                        HopHeaders.copyRequest(request.requestHeaders(), out.requestHeaders(),
                                request.remoteAddress(), requestId);
                        return hasBody ? outbound.send(body, b -> true) : outbound;
                    })
                    .response((in, inbound) -> {
                        response.status(in.status());
                        HopHeaders.copyResponse(in.responseHeaders(), response.responseHeaders());
                        ClientProtocol.fit(request, response);
                        // Flush each chunk as it comes: an SSE or NDJSON answer is read event by event (the default
                        // flushes only when the send's prefetch batch ends, holding early events back).
                        return response.send(inbound.retain()
                                .doOnNext(b -> AccessRecord.streamed(context, b.readableBytes())), b -> true);
                    })
                    .then();
        }

        /**
         * Reads and releases what the client still sends of a body the backend stopped reading, within the
         * lingering bounds; past them the client's connection is closed. Nothing to do when the body was never
         * taken (Reactor Netty and {@code HttpMetrics} handle that) or was read to its end.
         */
        Mono<Void> drainRest() {
            if (!bodyTaken.get() || inboundDone.get()) {
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
