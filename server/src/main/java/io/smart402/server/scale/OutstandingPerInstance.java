package io.smart402.server.scale;

import io.smart402.core.balance.BackendStats;
import io.smart402.core.scale.MetricSource;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The gateway's own load signal for target tracking: requests in flight to its backends, sampled every
 * {@code sampleInterval} and averaged since the last read, per instance. An average over the whole interval,
 * not one instant, so a single burst between two reads neither hides nor triggers a decision. Divided by every
 * instance counted, those still starting included (with no load yet), as HPA counts pods that are not ready
 * yet: a scale-up in progress is not asked for a second time.
 */
public final class OutstandingPerInstance implements MetricSource, Disposable {

    private final Supplier<List<BackendStats>> backends;
    private final IntSupplier instances;
    private final Disposable sampler;
    private long samples;
    private long sum;

    /**
     * @param backends  the balancer's backends now
     * @param instances how many instances the scaler counts now
     * @param scheduler whose timer samples (a cheap, non-blocking read)
     */
    public OutstandingPerInstance(Supplier<List<BackendStats>> backends, IntSupplier instances,
                                  Duration sampleInterval, Scheduler scheduler) {
        this.backends = Objects.requireNonNull(backends, "backends");
        this.instances = Objects.requireNonNull(instances, "instances");
        this.sampler = Flux.interval(sampleInterval, sampleInterval, scheduler).onBackpressureDrop()
                .subscribe(tick -> sample());
    }

    @Override
    public String name() {
        return "gateway-outstanding-per-instance";
    }

    /** The average since the last read per instance; no value when nothing was sampled since. */
    @Override
    public Mono<Double> read() {
        return Mono.fromSupplier(this::averagePerInstance).filter(v -> !Double.isNaN(v));
    }

    private synchronized void sample() {
        long outstanding = 0;
        for (BackendStats b : backends.get()) {
            outstanding += b.outstanding();
        }
        sum += outstanding;
        samples++;
    }

    private synchronized double averagePerInstance() {
        if (samples == 0) {
            return Double.NaN;
        }
        double average = (double) sum / samples;
        sum = 0;
        samples = 0;
        return average / Math.max(1, instances.getAsInt());
    }

    @Override
    public void dispose() {
        sampler.dispose();
    }

    @Override
    public boolean isDisposed() {
        return sampler.isDisposed();
    }
}
