package io.smart402.server.app;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.smart402.core.balance.LoadBalancer;
import io.smart402.server.auth.AdminGuard;
import io.smart402.server.auth.ApiKeys;
import io.smart402.server.config.GatewayConfig;
import io.smart402.server.config.ServerConfig;
import io.smart402.server.gateway.BackendAddress;
import io.smart402.core.scale.AutoScaler;
import io.smart402.server.gateway.BackendPool;
import io.smart402.server.gateway.BackendView;
import io.smart402.server.gateway.GatewayBackends;
import io.smart402.server.gateway.GatewayBalancer;
import io.smart402.server.gateway.Proxy;
import io.smart402.server.gateway.RetryBudget;
import io.smart402.server.http.GatewayRoutes;
import io.smart402.server.http.HttpFront;
import io.smart402.server.http.HttpMetrics;
import io.smart402.server.scale.LocalInstances;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.DisposableServer;

/**
 * The {@code gateway} command's composition root: the backend pool, the balancer with its health checks, the
 * proxy with its retry budget, the admin endpoints, bound on {@code gateway.host:port}. Start and close are
 * blocking and belong on the main thread.
 */
public final class GatewayServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayServer.class);

    private final BackendPool pool;
    private final LoadBalancer<BackendAddress> balancer;
    private final PrometheusMeterRegistry registry;
    private final DisposableServer http;
    private final GatewayAutoscaling autoscaling;

    private GatewayServer(BackendPool pool, LoadBalancer<BackendAddress> balancer, PrometheusMeterRegistry registry,
                          DisposableServer http, GatewayAutoscaling autoscaling) {
        this.pool = pool;
        this.balancer = balancer;
        this.registry = registry;
        this.http = http;
        this.autoscaling = autoscaling;
    }

    public static GatewayServer start(ServerConfig config) {
        GatewayConfig gateway = config.gateway();
        PrometheusMeterRegistry registry = MetricsWiring.newRegistry();
        List<AutoCloseable> started = new ArrayList<>();
        try {
            BackendPool pool = new BackendPool(gateway);
            started.add(pool);
            LoadBalancer<BackendAddress> balancer = GatewayBalancer.build(gateway, pool, registry);
            started.add(balancer::dispose);
            RetryBudget budget = new RetryBudget(gateway.retry().budgetPercent(), gateway.retry().minRetries());
            Proxy proxy = new Proxy(balancer, pool, budget, gateway.retry().maxAttempts(), gateway.sticky(),
                    config.server().lingering(), registry);
            GatewayBackends backends = new GatewayBackends(balancer, pool, gateway.drainTimeout());
            GatewayAutoscaling autoscaling = null;
            if (gateway.autoscale().enabled()) {
                autoscaling = GatewayAutoscaling.start(config, balancer, backends, registry);
                // Closed after the HTTP server (below, in close()), so the instances outlive the last exchange.
                started.add(autoscaling);
            }
            GatewayRoutes routes = new GatewayRoutes(new HttpMetrics(registry, config.server().lingering()),
                    new AdminGuard(new ApiKeys(config.keys())), backends, proxy, budget, gateway.strategy(),
                    registry);
            DisposableServer http = HttpFront.bindGateway(gateway, routes, pool.loops());
            GatewayServer server = new GatewayServer(pool, balancer, registry, http, autoscaling);
            LOG.info("Smart402 gateway listening on http://{}:{}, strategy {}{}, backends {}{}", http.host(),
                    http.port(), gateway.strategy(), gateway.sticky() ? " (batch streams sticky by client)" : "",
                    backends.list().stream().map(BackendView::id).toList(),
                    autoscaling == null ? "" : ", autoscaling local instances");
            return server;
        } catch (RuntimeException e) {
            throw Closing.afterFailure(e, started);
        }
    }

    public int port() {
        return http.port();
    }

    public LoadBalancer<BackendAddress> balancer() {
        return balancer;
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The scaler of {@code gateway.autoscale}, or null when it is off. */
    public AutoScaler autoscaler() {
        return autoscaling == null ? null : autoscaling.scaler();
    }

    /** The serve instances {@code gateway.autoscale} runs, or null when it is off. */
    public LocalInstances localInstances() {
        return autoscaling == null ? null : autoscaling.instances();
    }

    /** Stops accepting connections, lets exchanges in flight end, then stops checks and closes the pools. */
    @Override
    public void close() {
        LOG.info("gateway stopping: no new connections, finishing exchanges in flight");
        try {
            http.disposeNow(Duration.ofSeconds(10));
        } finally {
            List<AutoCloseable> parts = new ArrayList<>();
            if (autoscaling != null) {
                parts.add(autoscaling);
            }
            parts.add(balancer::dispose);
            parts.add(pool);
            Closing.closeAll(parts);
            LOG.info("gateway stopped");
        }
    }
}
