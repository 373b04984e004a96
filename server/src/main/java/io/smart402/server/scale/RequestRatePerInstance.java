package io.smart402.server.scale;

import io.smart402.core.scale.MetricSource;
import java.util.Objects;
import java.util.function.DoubleSupplier;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import reactor.core.publisher.Mono;

/**
 * The gateway's request rate per instance since the last read, from a count that only grows (its proxied
 * requests). With target tracking this asks for {@code ceil(rate / target)} instances whatever the latency,
 * which on a machine whose cores the instances share may hardly move while the load grows fivefold. The first
 * read only sets the baseline (no value).
 */
public final class RequestRatePerInstance implements MetricSource {

    private final DoubleSupplier total;
    private final IntSupplier instances;
    private final LongSupplier nanos;
    private double lastTotal = Double.NaN;
    private long lastNanos;

    /**
     * @param total     requests counted so far
     * @param instances how many instances the scaler counts now
     * @param nanos     a monotonic clock ({@code System::nanoTime})
     */
    public RequestRatePerInstance(DoubleSupplier total, IntSupplier instances, LongSupplier nanos) {
        this.total = Objects.requireNonNull(total, "total");
        this.instances = Objects.requireNonNull(instances, "instances");
        this.nanos = Objects.requireNonNull(nanos, "nanos");
    }

    @Override
    public String name() {
        return "gateway-requests-per-second-per-instance";
    }

    @Override
    public Mono<Double> read() {
        return Mono.fromSupplier(this::ratePerInstance).filter(v -> !Double.isNaN(v));
    }

    private synchronized double ratePerInstance() {
        double now = total.getAsDouble();
        long at = nanos.getAsLong();
        double previous = lastTotal;
        long since = at - lastNanos;
        lastTotal = now;
        lastNanos = at;
        if (Double.isNaN(previous) || since <= 0 || now < previous) {
            return Double.NaN;
        }
        return (now - previous) / (since / 1e9) / Math.max(1, instances.getAsInt());
    }
}
