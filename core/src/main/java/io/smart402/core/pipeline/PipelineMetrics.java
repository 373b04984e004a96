package io.smart402.core.pipeline;

import io.smart402.core.metrics.CoreMeters;
import io.smart402.core.metrics.LatencyBuckets;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smart402.core.phase.PhaseName;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** The pipeline's meters, registered once: processed/failed counters, work in flight and a histogram per phase. */
final class PipelineMetrics {

    private final Counter processed;
    private final Map<PhaseName, Counter> failed = new EnumMap<>(PhaseName.class);
    private final Map<PhaseName, Timer> phaseTimers = new EnumMap<>(PhaseName.class);

    PipelineMetrics(MeterRegistry registry, AtomicInteger inFlight) {
        CoreMeters.PIPELINE_IN_FLIGHT.gauge(inFlight, AtomicInteger::get).register(registry);
        this.processed = CoreMeters.CONTRACTS_PROCESSED.counter().register(registry);
        for (PhaseName phase : PhaseName.values()) {
            failed.put(phase, CoreMeters.CONTRACTS_FAILED.counter()
                    .tag("phase", phase.key()).register(registry));
            phaseTimers.put(phase, CoreMeters.PHASE_DURATION.timer(LatencyBuckets.CPU)
                    .tag("phase", phase.key()).register(registry));
        }
    }

    Counter processed() {
        return processed;
    }

    Counter failed(PhaseName phase) {
        return failed.get(phase);
    }

    Timer phaseTimer(PhaseName phase) {
        return phaseTimers.get(phase);
    }
}
