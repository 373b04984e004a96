package io.smart402.server.service;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smart402.core.metrics.LatencyBuckets;
import io.smart402.server.metrics.ServerMeters;
import java.util.concurrent.TimeUnit;

/**
 * The end-to-end histogram of contract processing, from submission to outcome, one series per outcome: the
 * original's {@code contract_processing_time} (stored) and {@code failed_contract_time} (the refusals).
 */
final class ProcessingTimers {

    private final Clock clock;
    private final Timer stored;
    private final Timer invalid;
    private final Timer phaseFailed;
    private final Timer failed;

    ProcessingTimers(MeterRegistry registry) {
        this.clock = registry.config().clock();
        this.stored = timer(registry, "stored");
        this.invalid = timer(registry, "invalid");
        this.phaseFailed = timer(registry, "phase_failed");
        this.failed = timer(registry, "failed");
    }

    private static Timer timer(MeterRegistry registry, String outcome) {
        return ServerMeters.CONTRACT_PROCESSING.timer(LatencyBuckets.REQUEST).tag("outcome", outcome)
                .register(registry);
    }

    /** Now, on the registry's monotonic clock: pass it back to one of the recorders. */
    long start() {
        return clock.monotonicTime();
    }

    /** A contract refused before the phases: undecodable, over a limit, or invalid. */
    void invalid(long start) {
        record(invalid, start);
    }

    /** A valid contract's outcome: stored, refused by a phase, or not stored (the store failed). */
    void processed(Outcome outcome, long start) {
        if (outcome instanceof Outcome.Stored) {
            record(stored, start);
        } else if (outcome instanceof Outcome.Refused r && r.reason() instanceof Refusal.PhaseFailed) {
            record(phaseFailed, start);
        } else {
            record(failed, start);
        }
    }

    private void record(Timer timer, long start) {
        timer.record(clock.monotonicTime() - start, TimeUnit.NANOSECONDS);
    }
}
