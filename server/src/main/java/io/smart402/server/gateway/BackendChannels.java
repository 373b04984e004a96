package io.smart402.server.gateway;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.DatagramChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.resolver.dns.DnsAddressResolverGroup;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.smart402.server.config.GatewayConfig;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;
import reactor.netty.resources.LoopResources;

/**
 * The gateway's fast path to its backends for GET and HEAD requests without a body (the cheap reads that are most
 * of its traffic): plain Netty channels with an {@link HttpClientCodec}, kept alive in one idle stack per event
 * loop and backend, each opened on the event loop of the client connection that asks, so an exchange runs on one
 * thread from the client's request to the backend's last byte. Requests with a body keep going through Reactor
 * Netty's {@code HttpClient} ({@link BackendPool}), whose streamed uploads, lingering close and pool are tested.
 * <p>
 * Hand-written because on a cached GET Reactor Netty's client spent about half of the gateway's CPU in its
 * connection pool (acquire, release, pending queue), connection observers, per-request operations objects and
 * Reactor chains, where an exchange needs a stack pop, one write and one read; no library proxies HTTP objects
 * between two channels on one event loop with a balancer in between that cheaply.
 * <p>
 * Idle channels are touched only on their own event loop. A channel idle longer than {@code max-idle-time} is
 * closed when next taken rather than by a timer (the backend's own idle timeout closes forgotten ones, and the
 * closed channel leaves its stack). Past {@code max-connections} (split over the loops) a call gets no channel
 * here and takes the general path, whose pool queues it.
 */
final class BackendChannels implements AutoCloseable {

    private final int maxHeaderBytes;
    private final int connectTimeoutMillis;
    private final long responseTimeoutNanos;
    private final long maxIdleNanos;
    private final int maxPerLoop;
    private final Map<EventLoop, Map<BackendAddress, BackendConnection.Idle>> idle = new ConcurrentHashMap<>();
    /**
     * Non-blocking name resolution per transport: Bootstrap's default resolver calls InetAddress.getByName on the
     * event loop, which would block it for a backend named by host (a container or service name).
     */
    private final Map<Class<? extends DatagramChannel>, DnsAddressResolverGroup> resolvers = new ConcurrentHashMap<>();

    private final LoopResources loopResources;

    BackendChannels(GatewayConfig config, LoopResources loopResources, int loops) {
        this.loopResources = loopResources;
        this.maxHeaderBytes = config.maxHeaderBytes();
        this.connectTimeoutMillis = (int) config.connectTimeout().toMillis();
        this.responseTimeoutNanos = config.responseTimeout().toNanos();
        this.maxIdleNanos = config.maxIdleTime().toNanos();
        this.maxPerLoop = Math.max(1, config.maxConnections() / Math.max(1, loops));
    }

    /**
     * Sends {@code request} (no body) to {@code backend} on a channel of {@code client}'s event loop and emits the
     * answer's head with its body, or fails as {@link BackendFailure} classifies; null when this path cannot take
     * the call (not on the client's event loop, or the connection cap reached), so the caller takes the general
     * path. Call on the client channel's event loop.
     */
    Mono<BackendAnswer> call(Channel client, BackendAddress backend, HttpRequest request, boolean aggregate) {
        EventLoop loop = client.eventLoop();
        if (!loop.inEventLoop()) {
            return null;
        }
        BackendConnection.Idle stack = idle.computeIfAbsent(loop, l -> new HashMap<>())
                .computeIfAbsent(backend, b -> new BackendConnection.Idle());
        BackendConnection pooled = stack.take(System.nanoTime(), maxIdleNanos);
        if (pooled == null && stack.open >= maxPerLoop) {
            return null;
        }
        return Mono.create(sink -> {
            BackendCall call = new BackendCall(loop, request, aggregate, responseTimeoutNanos, sink);
            if (pooled != null) {
                pooled.start(call);
                return;
            }
            stack.open++;
            BackendConnection connection = new BackendConnection(stack);
            new Bootstrap()
                    .group(loop)
                    // The client channel's class is the socket channel of the loop's transport (epoll or NIO).
                    .channel(client.getClass())
                    .resolver(resolver(client))
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
                    .handler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel channel) {
                            channel.pipeline().addLast(new HttpClientCodec(4096, maxHeaderBytes,
                                    BackendPool.MAX_CHUNK_BYTES), connection);
                        }
                    })
                    .connect(backend.host(), backend.port())
                    .addListener((ChannelFutureListener) future -> {
                        if (future.isSuccess()) {
                            connection.start(call);
                        } else {
                            stack.open--;
                            call.fail(future.cause());
                        }
                    });
        });
    }

    /**
     * Closes the idle channels to {@code backend} (removed from the gateway) and forgets its stacks, so backends
     * an auto scaler keeps adding and removing leave nothing behind; a channel still in use then goes back to a
     * forgotten stack and is closed by the backend's idle timeout, if the backend is not gone already.
     */
    void closeIdle(BackendAddress backend) {
        idle.forEach((loop, stacks) -> loop.execute(() -> {
            BackendConnection.Idle stack = stacks.remove(backend);
            if (stack != null) {
                stack.closeAll();
            }
        }));
    }

    private DnsAddressResolverGroup resolver(Channel client) {
        // The datagram channel of the loop's transport (epoll when native, else NIO), as Reactor Netty picks it.
        Class<? extends DatagramChannel> type = loopResources.onChannelClass(DatagramChannel.class, client.eventLoop());
        return resolvers.computeIfAbsent(type,
                t -> new DnsAddressResolverGroup(new DnsNameResolverBuilder().channelType(t)));
    }

    @Override
    public void close() {
        resolvers.values().forEach(DnsAddressResolverGroup::close);
        idle.forEach((loop, stacks) -> {
            if (!loop.isShuttingDown()) {
                loop.execute(() -> stacks.values().forEach(BackendConnection.Idle::closeAll));
            }
        });
    }

}
