package io.smart402.core.pipeline;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smart402.core.phase.PhaseName;
import java.util.EnumMap;
import java.util.Map;

/** The pipeline's meters, registered once: processed/failed counters and a timer per phase. */
final class PipelineMetrics {

    private final Counter processed;
    private final Map<PhaseName, Counter> failed = new EnumMap<>(PhaseName.class);
    private final Map<PhaseName, Timer> phaseTimers = new EnumMap<>(PhaseName.class);

    PipelineMetrics(MeterRegistry registry) {
        this.processed = Counter.builder("smart402.contracts.processed")
                .description("Contracts that went through all four phases").register(registry);
        for (PhaseName phase : PhaseName.values()) {
            failed.put(phase, Counter.builder("smart402.contracts.failed")
                    .description("Contracts whose processing failed in a phase")
                    .tag("phase", phase.key()).register(registry));
            phaseTimers.put(phase, Timer.builder("smart402.phase.duration")
                    .description("CPU time of one phase for one contract")
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
