package io.smart402.server.gateway;

import io.micrometer.core.instrument.MeterRegistry;
import io.smart402.core.balance.HealthCheck;
import io.smart402.core.balance.LoadBalancer;
import io.smart402.core.balance.Strategies;
import io.smart402.server.config.GatewayConfig;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Mono;

/** Builds the gateway's {@link LoadBalancer} over its backends from the {@code gateway} section. */
public final class GatewayBalancer {

    /** The {@code balancer} tag of the gateway's per-backend meters. */
    public static final String NAME = "gateway";

    private GatewayBalancer() {
    }

    /**
     * Only transport failures count against a backend (for outlier ejection): an answer, even a 5xx, is the
     * backend speaking, and a client that went away is not its fault.
     */
    public static LoadBalancer<BackendAddress> build(GatewayConfig config, BackendPool pool, MeterRegistry registry) {
        LoadBalancer.Builder<BackendAddress> builder = LoadBalancer.<BackendAddress>builder()
                .name(NAME)
                .strategy(Strategies.parse(config.strategy()))
                .meterRegistry(registry)
                .failureIf(e -> BackendFailure.of(e).againstBackend())
                .outlierDetection(config.outlier().detection())
                .ejectAtOnceIf(config.outlier().connectFailureEjects() ? BackendFailure::unreachable : e -> false)
                .slowStart(config.slowStart());
        if (config.sticky()) {
            builder.affinity(Strategies.consistentHash());
        }
        GatewayConfig.Health health = config.health();
        // A probe that cannot connect reports it, so a backend that died while no request went to it (P2C may
        // leave one alone for a while) is ejected by the next check rather than after `fall` of them.
        AtomicReference<LoadBalancer<BackendAddress>> built = new AtomicReference<>();
        if (health.enabled()) {
            builder.healthCheck(new HealthCheck<BackendAddress>(b -> pool.probe(b, health.path())
                    .onErrorResume(e -> {
                        LoadBalancer<BackendAddress> balancer = built.get();
                        if (balancer != null && BackendFailure.unreachable(e)) {
                            balancer.reportFailure(b.id(), e);
                        }
                        return Mono.just(false);
                    }),
                    health.interval(), health.timeout(), health.rise(), health.fall()));
        }
        for (String backend : config.backends()) {
            BackendAddress address = BackendAddress.parse(backend);
            builder.backend(address.id(), address);
        }
        LoadBalancer<BackendAddress> balancer = builder.build();
        built.set(balancer);
        return balancer;
    }
}
