package io.smart402.server.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smart402.core.balance.LoadBalancer;
import io.smart402.core.scale.AutoScaler;
import io.smart402.core.scale.ScalingPolicy;
import io.smart402.core.scale.ScalingRule;
import io.smart402.server.config.ServerConfig;
import io.smart402.server.gateway.BackendAddress;
import io.smart402.server.gateway.GatewayBackends;
import io.smart402.server.scale.LocalInstances;
import io.smart402.server.metrics.ServerMeters;
import io.smart402.server.scale.OutstandingPerInstance;
import io.smart402.server.scale.RequestRatePerInstance;
import io.smart402.server.scale.ServeLauncher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;

/**
 * {@code gateway --autoscale} (issue 12 §3, local instances): the {@code autoscaler} section's scaler, following
 * the gateway's requests in flight per instance ({@code gateway.autoscale.target-outstanding}), optionally its
 * request rate per instance ({@code target-rate}), and any policy of that section, acting through {@link LocalInstances}. Start blocks until {@code min-instances} serve.
 */
final class GatewayAutoscaling implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayAutoscaling.class);

    /** The {@code scaler} tag of its meters. */
    static final String NAME = "gateway";

    private final LocalInstances instances;
    private final OutstandingPerInstance outstanding;
    private final AutoScaler scaler;
    private final Disposable loop;

    private GatewayAutoscaling(LocalInstances instances, OutstandingPerInstance outstanding, AutoScaler scaler,
                               Disposable loop) {
        this.instances = instances;
        this.outstanding = outstanding;
        this.scaler = scaler;
        this.loop = loop;
    }

    static GatewayAutoscaling start(ServerConfig config, LoadBalancer<BackendAddress> balancer,
                                    GatewayBackends backends, MeterRegistry registry) {
        var autoscale = config.gateway().autoscale();
        LocalInstances instances = new LocalInstances(new ServeLauncher(autoscale), backends,
                Schedulers.boundedElastic(), config.gateway().backends().size());
        OutstandingPerInstance outstanding = new OutstandingPerInstance(balancer::stats, instances::current,
                autoscale.sampleInterval(), Schedulers.parallel());
        try {
            AutoScaler.Builder builder = AutoscalerWiring.builder(config.autoscaler(), registry, HttpClient.create())
                    .name(NAME)
                    .policy(ScalingPolicy.of(outstanding, new ScalingRule.TargetTracking(autoscale.targetOutstanding())))
                    .actuator(instances);
            if (autoscale.targetRate() > 0) {
                builder.policy(ScalingPolicy.of(new RequestRatePerInstance(() -> proxied(registry), instances::current,
                        System::nanoTime), new ScalingRule.TargetTracking(autoscale.targetRate())));
            }
            AutoScaler scaler = builder.build();
            LOG.info("autoscale: starting {} serve instance(s) (min {}, max {}), config {}",
                    config.autoscaler().minInstances(), config.autoscaler().minInstances(),
                    config.autoscaler().maxInstances(), autoscale.serveConfig());
            instances.startBlocking(config.autoscaler().minInstances());
            return new GatewayAutoscaling(instances, outstanding, scaler, scaler.start());
        } catch (RuntimeException e) {
            outstanding.dispose();
            instances.close();
            throw e;
        }
    }

    /** Requests the gateway proxied so far (its {@code http.server.requests} timers of the proxy route). */
    private static double proxied(MeterRegistry registry) {
        double total = 0;
        for (Timer timer : registry.find(ServerMeters.HTTP_REQUESTS.name()).tag("uri", "proxy").timers()) {
            total += timer.count();
        }
        return total;
    }

    AutoScaler scaler() {
        return scaler;
    }

    LocalInstances instances() {
        return instances;
    }

    /** Stops deciding, then stops every instance it started (blocking: after the gateway stopped serving). */
    @Override
    public void close() {
        loop.dispose();
        outstanding.dispose();
        instances.close();
    }
}
