package io.smart402.core.scale;

import java.util.Objects;
import java.util.function.IntSupplier;
import reactor.core.publisher.Mono;

/**
 * What carries out the scaler's decision: local instances started and drained behind the gateway, or nothing
 * at all when Kubernetes acts on the exported {@code desired_instances} ({@link #exportOnly}).
 */
public interface ScaleActuator {

    /** Instances running now, as the actuator sees them. */
    int current();

    /** Moves towards {@code desired} instances; completes once the change is under way. */
    Mono<Void> scaleTo(int desired);

    /**
     * Acts on nothing: the decision is only exported (as {@code smart402_autoscaler_desired_instances}) for an
     * orchestrator to follow, and {@code current} reports what the orchestrator runs.
     */
    static ScaleActuator exportOnly(IntSupplier current) {
        Objects.requireNonNull(current, "current");
        return new ScaleActuator() {
            @Override
            public int current() {
                return current.getAsInt();
            }

            @Override
            public Mono<Void> scaleTo(int desired) {
                return Mono.empty();
            }
        };
    }
}
