package io.smart402.core.balance;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Finagle's peak-EWMA latency estimate (finagle-core {@code PeakEwma}, after "Power of two choices with
 * peak EWMA", linkerd/Finagle): a sample above the estimate replaces it at once (peaks are believed
 * immediately), a lower sample pulls it down with weight {@code 1 - e^(-Δt/τ)}, and without samples the
 * estimate decays towards zero, so a backend that was slow a while ago gets probed again. Lock-free: one
 * immutable state swapped by CAS (an allocation per sample instead of Finagle's monitor).
 */
final class PeakEwma {

    private record Sample(double cost, long stampNanos) {
    }

    private final double decayNanos;
    private final AtomicReference<Sample> state;

    PeakEwma(long decayNanos, long nowNanos) {
        this.decayNanos = decayNanos;
        this.state = new AtomicReference<>(new Sample(0, nowNanos));
    }

    /** Records a latency sample of {@code rttNanos} taken at {@code nowNanos}. */
    void observe(double rttNanos, long nowNanos) {
        state.updateAndGet(s -> {
            double decayed = decayed(s, nowNanos);
            double cost = rttNanos > s.cost() ? rttNanos : decayed + (rttNanos * (1 - weight(s, nowNanos)));
            return new Sample(cost, Math.max(nowNanos, s.stampNanos()));
        });
    }

    /**
     * Records a failure after {@code rttNanos}: it can raise the estimate but never lower it, so a backend that
     * fails fast does not look fast and attract more traffic (the "black hole" a plain EWMA falls into).
     */
    void observeFailure(double rttNanos, long nowNanos) {
        state.updateAndGet(s -> new Sample(Math.max(rttNanos, decayed(s, nowNanos)),
                Math.max(nowNanos, s.stampNanos())));
    }

    /** The estimate at {@code nowNanos} (decayed since the last sample), in nanoseconds; 0 before any sample. */
    double get(long nowNanos) {
        return decayed(state.get(), nowNanos);
    }

    private double weight(Sample s, long nowNanos) {
        return Math.exp(-Math.max(0, nowNanos - s.stampNanos()) / decayNanos);
    }

    private double decayed(Sample s, long nowNanos) {
        return s.cost() * weight(s, nowNanos);
    }
}
