package io.smart402.core.balance;

/** A backend's load as the least-loaded strategies compare it; lower is better. */
public enum Load {
    /** Calls in flight, plus one (the call being placed), as nginx's {@code least_conn} and Envoy's least request. */
    OUTSTANDING {
        @Override
        double of(Backend<?> b, long nowNanos) {
            return b.outstanding() + 1;
        }
    },
    /**
     * The peak-EWMA latency estimate alone (or the current stall, when longer). A backend with calls in flight but no answer yet gets Finagle's
     * penalty: else its estimate of 0 would win every comparison until its first (possibly very slow) answer.
     */
    LATENCY {
        @Override
        double of(Backend<?> b, long nowNanos) {
            double estimate = b.latencyNanos(nowNanos);
            int outstanding = b.outstanding();
            return estimate == 0 && outstanding != 0 ? PENALTY + outstanding : cost(b, estimate, nowNanos);
        }
    },
    /**
     * Finagle's peak-EWMA load: latency (or the current stall, when longer) × (calls in flight + 1). A backend
     * with calls in flight but no answer yet gets Finagle's penalty, so a new backend is not flooded before its
     * first answer tells how fast it is.
     */
    LATENCY_TIMES_OUTSTANDING {
        @Override
        double of(Backend<?> b, long nowNanos) {
            double estimate = b.latencyNanos(nowNanos);
            int outstanding = b.outstanding();
            if (estimate == 0 && outstanding != 0) {
                return PENALTY + outstanding;
            }
            return cost(b, estimate, nowNanos) * (outstanding + 1);
        }
    };

    /**
     * The latency estimate, or how long the backend has been sitting on calls without answering when that is
     * longer: a backend that stops (a GC pause, SIGSTOP) had a low estimate that only its late answers would
     * raise, so until then it kept winning picks while its calls piled up (the bench's pausing backend: adaptive
     * p99 2.5 x nginx least_conn's). With the stall counted it loses its comparisons within about one
     * estimate of stopping.
     */
    private static double cost(Backend<?> b, double estimate, long nowNanos) {
        return Math.max(estimate, b.stalledNanos(nowNanos));
    }

    /** Finagle's {@code Penalty} ({@code Long.MaxValue >> 16} nanoseconds, about 39 hours). */
    static final double PENALTY = Long.MAX_VALUE >> 16;

    abstract double of(Backend<?> b, long nowNanos);

    /** The load per unit of weight: a backend with twice the weight (or out of slow start) takes twice the load. */
    double perWeight(Backend<?> b, long nowNanos) {
        return of(b, nowNanos) / b.effectiveWeight(nowNanos);
    }
}
