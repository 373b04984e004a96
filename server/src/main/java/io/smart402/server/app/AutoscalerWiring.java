package io.smart402.server.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Statistic;
import io.smart402.core.scale.AutoScaler;
import io.smart402.core.scale.ChangeLimit;
import io.smart402.core.scale.MetricSource;
import io.smart402.core.scale.MetricSources;
import io.smart402.core.scale.Prediction;
import io.smart402.core.scale.ScaleActuator;
import io.smart402.core.scale.ScalingPolicy;
import io.smart402.core.scale.ScalingRule;
import io.smart402.server.config.AutoscalerConfig;
import io.smart402.server.config.ConfigException;
import io.smart402.server.scale.PrometheusQuery;
import io.smart402.server.view.StatsView;
import io.smart402.core.scale.ScaleDecision;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * The export-only auto scaler (issue 12 §3, Kubernetes): decides every interval and publishes the decision as
 * meters; Kubernetes acts on {@code smart402_autoscaler_desired_instances}. The current count comes from the
 * config or from a Prometheus query read before each decision.
 */
final class AutoscalerWiring implements AutoCloseable {

    private final Disposable loop;
    private final AutoScaler scaler;

    private AutoscalerWiring(AutoScaler scaler, Disposable loop) {
        this.scaler = scaler;
        this.loop = loop;
    }

    /** Does nothing (no scaler, no meters) when {@code autoscaler.enabled} is false. */
    static AutoscalerWiring start(AutoscalerConfig config, MeterRegistry registry) {
        if (!config.enabled()) {
            return new AutoscalerWiring(null, reactor.core.Disposables.disposed());
        }
        HttpClient http = HttpClient.create();
        AtomicInteger current = new AtomicInteger(config.current().instances());
        AutoScaler.Builder b = builder(config, registry, http).name("serve")
                .actuator(ScaleActuator.exportOnly(current::get));
        AutoScaler scaler = b.build();
        Mono<Void> refreshCurrent = config.current().query().isEmpty() ? Mono.empty()
                : PrometheusQuery.of("current", http, config.prometheusUrl(), config.current().query(),
                        config.interval()).read()
                        .doOnNext(v -> current.set((int) Math.round(v)))
                        .onErrorResume(e -> Mono.empty()).then();
        Disposable loop = Flux.interval(config.interval(), config.interval())
                .onBackpressureDrop()
                .concatMap(t -> refreshCurrent.then(scaler.evaluate()).onErrorResume(e -> Mono.empty()), 1)
                .subscribe();
        return new AutoscalerWiring(scaler, loop);
    }

    /**
     * A scaler builder with the section's rules and policies ({@code meter} policies read {@code registry},
     * {@code query} ones Prometheus through {@code http}); the caller adds the actuator (and any policy of its own).
     */
    static AutoScaler.Builder builder(AutoscalerConfig config, MeterRegistry registry, HttpClient http) {
        AutoScaler.Builder b = AutoScaler.builder().meterRegistry(registry)
                .instances(config.minInstances(), config.maxInstances()).interval(config.interval())
                .stabilization(config.scaleUp().stabilization(), config.scaleDown().stabilization())
                .changeLimits(limit(config.scaleUp()), limit(config.scaleDown())).cooldown(config.cooldown());
        for (AutoscalerConfig.Policy p : config.policies()) {
            MetricSource source = p.meter().isEmpty()
                    ? PrometheusQuery.of(p.name(), http, config.prometheusUrl(), p.query(), config.interval())
                    : MetricSources.micrometer(registry, p.meter(), Statistic.VALUE);
            ScalingPolicy policy;
            try {
                ScalingRule rule = p.target() != null ? new ScalingRule.TargetTracking(p.target(), p.tolerance())
                        : new ScalingRule.StepThresholds(p.scaleUpThreshold(), p.scaleDownThreshold(), p.step());
                policy = ScalingPolicy.of(MetricSources.of(p.name(), source.read()), rule);
                if (p.prediction() != null) {
                    var pr = p.prediction();
                    policy = policy.predictive(new Prediction(pr.alpha(), pr.beta(), pr.leadTime(), pr.minSamples()));
                }
            } catch (IllegalArgumentException e) {
                throw new ConfigException("'autoscaler.policies' (" + p.name() + "): " + e.getMessage(), e);
            }
            b.policy(policy);
        }
        return b;
    }

    private static ChangeLimit limit(AutoscalerConfig.Behavior b) {
        return new ChangeLimit(b.maxPercent(), b.maxInstances(), b.period());
    }

    /** The scaler, or null when disabled. */
    AutoScaler scaler() {
        return scaler;
    }

    /** The {@code autoscaler} section of {@code /stats}: the last ten decisions. */
    StatsView.AutoscalerView view() {
        if (scaler == null) {
            return StatsView.AutoscalerView.disabled();
        }
        List<ScaleDecision> all = scaler.recentDecisions();
        List<StatsView.AutoscalerView.Decision> recent = all.subList(Math.max(0, all.size() - 10), all.size())
                .stream().map(d -> new StatsView.AutoscalerView.Decision(d.at().toString(), d.current(), d.proposed(),
                        d.desired(), d.direction().name().toLowerCase(Locale.ROOT), d.limitedBy(), d.reason()))
                .toList();
        ScaleDecision last = scaler.lastDecision();
        return new StatsView.AutoscalerView(true, scaler.currentInstances(),
                last == null ? scaler.currentInstances() : last.desired(), recent);
    }

    @Override
    public void close() {
        loop.dispose();
    }
}
