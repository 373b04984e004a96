package io.smart402.core.scale;

import java.util.Objects;

/**
 * One metric the scaler follows: where it is read, the rule turning it into an instance count, and an
 * optional {@link Prediction} (null for none).
 */
public record ScalingPolicy(MetricSource source, ScalingRule rule, Prediction prediction) {

    public ScalingPolicy {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(rule, "rule");
    }

    public static ScalingPolicy of(MetricSource source, ScalingRule rule) {
        return new ScalingPolicy(source, rule, null);
    }

    public ScalingPolicy predictive(Prediction prediction) {
        return new ScalingPolicy(source, rule, Objects.requireNonNull(prediction, "prediction"));
    }

    public String name() {
        return source.name();
    }
}
