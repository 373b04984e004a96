package io.smart402.server.gateway;

import io.micrometer.core.instrument.MeterRegistry;
import io.smart402.core.balance.HealthCheck;
import io.smart402.core.balance.LoadBalancer;
import io.smart402.core.balance.Strategies;
import io.smart402.server.config.GatewayConfig;

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
        if (health.enabled()) {
            builder.healthCheck(new HealthCheck<BackendAddress>(b -> pool.probe(b, health.path()),
                    health.interval(), health.timeout(), health.rise(), health.fall()));
        }
        for (String backend : config.backends()) {
            BackendAddress address = BackendAddress.parse(backend);
            builder.backend(address.id(), address);
        }
        return builder.build();
    }
}
