package io.smart402.core.scale;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smart402.core.metrics.CoreMeters;
import java.util.List;

/**
 * The scaler's meters: the decision (current and desired instances, what Kubernetes follows), the scale
 * events, and each metric's last value and proposal.
 */
final class AutoScalerMeters {

    private final Counter up;
    private final Counter down;

    AutoScalerMeters(MeterRegistry registry, String name, List<ScalingPolicy> policies, AutoScaler scaler) {
        CoreMeters.AUTOSCALER_CURRENT_INSTANCES.gauge(scaler, AutoScaler::currentInstances).tag("scaler", name).register(registry);
        CoreMeters.AUTOSCALER_DESIRED_INSTANCES.gauge(scaler, s -> {
            ScaleDecision d = s.lastDecision();
            return d == null ? s.currentInstances() : d.desired();
        }).tag("scaler", name).register(registry);
        this.up = CoreMeters.AUTOSCALER_SCALE_UP_EVENTS.counter().tag("scaler", name).register(registry);
        this.down = CoreMeters.AUTOSCALER_SCALE_DOWN_EVENTS.counter().tag("scaler", name).register(registry);
        for (int i = 0; i < policies.size(); i++) {
            int index = i;
            String metric = policies.get(i).name();
            CoreMeters.AUTOSCALER_METRIC.gauge(scaler, s -> reading(s, index, true))
                    .tags("scaler", name, "metric", metric).register(registry);
            CoreMeters.AUTOSCALER_PROPOSED_INSTANCES.gauge(scaler, s -> reading(s, index, false))
                    .tags("scaler", name, "metric", metric).register(registry);
        }
    }

    private static double reading(AutoScaler scaler, int index, boolean value) {
        ScaleDecision d = scaler.lastDecision();
        if (d == null) {
            return Double.NaN;
        }
        ScaleDecision.Reading r = d.readings().get(index);
        Number n = value ? r.value() : r.proposal();
        return n == null ? Double.NaN : n.doubleValue();
    }

    void changed(ScaleDecision.Direction direction) {
        (direction == ScaleDecision.Direction.UP ? up : down).increment();
    }
}
