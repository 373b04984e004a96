package io.smart402.server.config;

import java.time.Duration;
import java.util.List;

/**
 * The {@code autoscaler} section: an {@code AutoScaler} whose decision is only exported
 * ({@code smart402_autoscaler_desired_instances}) for Kubernetes to act on (KEDA's Prometheus trigger on it, or
 * an HPA on the metric), issue 12 §3. Keys and defaults: {@code defaults.yaml}.
 *
 * @param prometheusUrl where {@code query} policies and {@code current.query} are evaluated
 * @param current       how many instances run now: a fixed {@code instances}, or a PromQL {@code query}
 */
public record AutoscalerConfig(boolean enabled, Duration interval, int minInstances, int maxInstances,
                               Behavior scaleUp, Behavior scaleDown, Duration cooldown, String prometheusUrl,
                               Current current, List<Policy> policies) {

    public AutoscalerConfig {
        Check.positive("interval", interval);
        Check.range("min-instances", minInstances, 0, 10_000);
        Check.range("max-instances", maxInstances, 1, 10_000);
        if (minInstances > maxInstances) {
            throw Invalid.of("min-instances", "must not exceed max-instances (" + maxInstances + "), was "
                    + minInstances);
        }
        Check.required("scale-up", scaleUp);
        Check.required("scale-down", scaleDown);
        Check.required("cooldown", cooldown);
        prometheusUrl = prometheusUrl == null ? "" : prometheusUrl;
        Check.required("current", current);
        policies = List.copyOf(Check.required("policies", policies));
        if (enabled && policies.isEmpty()) {
            throw Invalid.of("policies", "needs at least one policy when autoscaler.enabled is true");
        }
        boolean needsPrometheus = !current.query().isEmpty() || policies.stream().anyMatch(p -> !p.query().isEmpty());
        if (enabled && needsPrometheus && prometheusUrl.isEmpty()) {
            throw Invalid.of("prometheus-url", "is required when a policy or current uses a query");
        }
    }

    /** Stabilization window and rate limit of one direction. */
    public record Behavior(Duration stabilization, int maxPercent, int maxInstances, Duration period) {
        public Behavior {
            Check.required("stabilization", stabilization);
            Check.range("max-percent", maxPercent, 0, 10_000);
            Check.range("max-instances", maxInstances, 0, 10_000);
            Check.positive("period", period);
        }
    }

    /** The instance count now: {@code query} when set, else {@code instances}. */
    public record Current(int instances, String query) {
        public Current {
            Check.range("instances", instances, 0, 10_000);
            query = query == null ? "" : query;
        }
    }

    /**
     * One metric: {@code meter} (a meter of this server, Micrometer's dotted name, summed over its tags) or
     * {@code query} (PromQL, one sample); {@code target} for target tracking, or both thresholds for steps.
     */
    public record Policy(String name, String meter, String query, Double target, Double tolerance,
                         Double scaleUpThreshold, Double scaleDownThreshold, Integer step, Prediction prediction) {
        public Policy {
            Check.text("name", name);
            meter = meter == null ? "" : meter;
            query = query == null ? "" : query;
            if (meter.isEmpty() == query.isEmpty()) {
                throw Invalid.of("meter", "or query: exactly one is required (policy " + name + ")");
            }
            if ((target == null) == (scaleUpThreshold == null || scaleDownThreshold == null)) {
                throw Invalid.of("target", "or scale-up-threshold with scale-down-threshold: exactly one is required"
                        + " (policy " + name + ")");
            }
            tolerance = tolerance == null ? 0.1 : tolerance;
            step = step == null ? 1 : step;
        }
    }

    /** Predictive scaling of one policy (Holt's double exponential smoothing). */
    public record Prediction(double alpha, double beta, Duration leadTime, int minSamples) {
        public Prediction {
            Check.required("lead-time", leadTime);
        }
    }
}
