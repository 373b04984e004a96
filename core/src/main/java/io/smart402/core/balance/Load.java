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
     * The peak-EWMA latency estimate alone. A backend with calls in flight but no answer yet gets Finagle's
     * penalty: else its estimate of 0 would win every comparison until its first (possibly very slow) answer.
     */
    LATENCY {
        @Override
        double of(Backend<?> b, long nowNanos) {
            double cost = b.latencyNanos(nowNanos);
            int outstanding = b.outstanding();
            return cost == 0 && outstanding != 0 ? PENALTY + outstanding : cost;
        }
    },
    /**
     * Finagle's peak-EWMA load: latency × (calls in flight + 1). A backend with calls in flight but no answer
     * yet gets Finagle's penalty, so a new backend is not flooded before its first answer tells how fast it is.
     */
    LATENCY_TIMES_OUTSTANDING {
        @Override
        double of(Backend<?> b, long nowNanos) {
            double cost = b.latencyNanos(nowNanos);
            int outstanding = b.outstanding();
            if (cost == 0 && outstanding != 0) {
                return PENALTY + outstanding;
            }
            return cost * (outstanding + 1);
        }
    };

    /** Finagle's {@code Penalty} ({@code Long.MaxValue >> 16} nanoseconds, about 39 hours). */
    static final double PENALTY = Long.MAX_VALUE >> 16;

    abstract double of(Backend<?> b, long nowNanos);

    /** The load per unit of weight: a backend with twice the weight (or out of slow start) takes twice the load. */
    double perWeight(Backend<?> b, long nowNanos) {
        return of(b, nowNanos) / b.effectiveWeight(nowNanos);
    }
}
