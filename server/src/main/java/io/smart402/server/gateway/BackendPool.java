package io.smart402.server.gateway;

import io.netty.channel.ChannelOption;
import io.smart402.server.config.GatewayConfig;
import java.net.InetSocketAddress;
import java.time.Duration;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * The HTTP client every backend is called with: one {@link ConnectionProvider}, which keeps a separate pool of
 * keep-alive connections per backend address (at most {@code max-connections} each, {@code pending-acquires}
 * waiting), the connect timeout, and the response timeout (longest silence while waiting for or reading an
 * answer: Reactor Netty's {@code responseTimeout} is a read-idle timeout, so a long SSE stream that keeps
 * talking is not cut off).
 */
public final class BackendPool implements AutoCloseable {

    /** The largest body piece the backend decoder hands on: the most one socket read brings (Netty's cap). */
    static final int MAX_CHUNK_BYTES = 64 * 1024;

    private final ConnectionProvider provider;
    private final LoopResources loops;
    private final HttpClient client;
    private final BackendChannels channels;

    public BackendPool(GatewayConfig config) {
        this.provider = ConnectionProvider.builder("gateway")
                .maxConnections(config.maxConnections())
                .pendingAcquireMaxCount(config.pendingAcquires())
                .pendingAcquireTimeout(config.responseTimeout())
                .maxIdleTime(config.maxIdleTime())
                // LIFO keeps the few hot connections busy and lets the rest idle out.
                .lifo()
                .build();
        // One event loop per core, shared with the gateway's server (HttpFront.bindGateway): a backend connection
        // is opened on the loop of the client connection that asked for it (colocated), so an exchange stays on
        // one thread from the client's request to the backend's last byte, without hand-offs.
        int loopCount = Math.max(1, Runtime.getRuntime().availableProcessors());
        this.loops = LoopResources.create("gateway", loopCount, true);
        this.channels = new BackendChannels(config, loops, loopCount);
        this.client = HttpClient.create(provider)
                .runOn(loops)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.connectTimeout().toMillis())
                .responseTimeout(config.responseTimeout())
                .keepAlive(true)
                .followRedirect(false)
                // Netty's decoder cuts a body into 8 KB pieces by default, and each piece is one write (and one
                // send syscall) to the client: an 18 KB answer read at once went out in three. A piece as large as
                // what one read can bring keeps it one.
                .httpResponseDecoder(spec -> spec.maxChunkSize(MAX_CHUNK_BYTES));
    }

    public HttpClient client() {
        return client;
    }

    public ConnectionProvider provider() {
        return provider;
    }

    /** The fast path for bodiless GET and HEAD requests. */
    BackendChannels channels() {
        return channels;
    }

    /** Closes the pooled connections to a backend that was removed. */
    void closeConnections(BackendAddress backend) {
        provider.disposeWhen(InetSocketAddress.createUnresolved(backend.host(), backend.port()));
        channels.closeIdle(backend);
    }

    /** The event loops of the client, for the gateway's server to run on as well. */
    public LoopResources loops() {
        return loops;
    }

    /**
     * {@code GET path} of a backend: true on a 2xx answer, an error when it could not be asked (the balancer's
     * probe applies its own timeout and counts an error as a failed check).
     */
    public Mono<Boolean> probe(BackendAddress backend, String path) {
        return client.get().uri(backend.baseUrl() + path)
                .responseSingle((response, body) -> body.then(Mono.just(response.status().code() / 100 == 2)));
    }

    @Override
    public void close() {
        try {
            channels.close();
            provider.disposeLater().block(Duration.ofSeconds(10));
        } finally {
            loops.disposeLater(Duration.ZERO, Duration.ofSeconds(5)).block(Duration.ofSeconds(10));
        }
    }
}
