package io.smart402.core.balance;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A backend's health, apart from how it is picked: the active check's verdict with its rise/fall counts, the
 * passive detector's counts and ejection, slow start and draining. Fields the call path touches are atomics
 * (no lock per call); the rare transitions (a probe result, an ejection) take this object's or the
 * detector's monitor.
 */
final class BackendHealth {

    static final long NEVER = Long.MIN_VALUE;

    // Active check (written by the checker, one probe result at a time per backend).
    private volatile boolean activeHealthy;
    private int passes;
    private int fails;

    // Passive outlier detection. The window counters are approximate under races (a roll may lose a
    // concurrent count); ejection decisions tolerate that, as Envoy's interval sampling does.
    final AtomicInteger consecutiveFailures = new AtomicInteger();
    final AtomicLong windowStart;
    final AtomicInteger windowSuccesses = new AtomicInteger();
    final AtomicInteger windowFailures = new AtomicInteger();
    final AtomicLong ejections = new AtomicLong();
    volatile long ejectedUntil = NEVER;
    /** Envoy's ejection multiplier: grows by one per ejection, shrinks by one per clean interval. */
    int multiplier; // guarded by the OutlierDetector

    private volatile long backSince;
    private volatile boolean draining;

    BackendHealth(long nowNanos, boolean startHealthy, boolean warmUp) {
        this.activeHealthy = startHealthy;
        this.windowStart = new AtomicLong(nowNanos);
        this.backSince = warmUp ? nowNanos : NEVER;
    }

    BackendState state(long nowNanos, long slowStartNanos) {
        if (draining) {
            return BackendState.DRAINING;
        }
        if (!activeHealthy) {
            return BackendState.UNHEALTHY;
        }
        if (nowNanos < ejectedUntil) {
            return BackendState.EJECTED;
        }
        return slowStartFactor(nowNanos, slowStartNanos) < 1 ? BackendState.WARMING : BackendState.HEALTHY;
    }

    /**
     * The share of its weight a backend gets {@code nowNanos}: ramps linearly from 10% (Envoy's default
     * {@code min_weight_percent}) to 100% over {@code slowStartNanos} after it came back (added at runtime,
     * passed its health check again, or its ejection ended), so a cold backend is not flooded at once.
     */
    double slowStartFactor(long nowNanos, long slowStartNanos) {
        if (slowStartNanos <= 0) {
            return 1;
        }
        long until = ejectedUntil;
        long since = Math.max(backSince, until != NEVER && until <= nowNanos ? until : NEVER);
        if (since == NEVER || nowNanos - since >= slowStartNanos) {
            return 1;
        }
        return Math.max(0.1, (double) Math.max(0, nowNanos - since) / slowStartNanos);
    }

    boolean ejected(long nowNanos) {
        return nowNanos < ejectedUntil;
    }

    long ejectedForNanos(long nowNanos) {
        return Math.max(0, ejectedUntil == NEVER ? 0 : ejectedUntil - nowNanos);
    }

    /** Applies one probe result; true when the verdict changed. */
    synchronized boolean probed(boolean ok, int rise, int fall, long nowNanos) {
        if (ok) {
            fails = 0;
            passes++;
            if (!activeHealthy && passes >= rise) {
                activeHealthy = true;
                backSince = nowNanos;
                return true;
            }
        } else {
            passes = 0;
            fails++;
            if (activeHealthy && fails >= fall) {
                activeHealthy = false;
                return true;
            }
        }
        return false;
    }

    boolean activeHealthy() {
        return activeHealthy;
    }

    void drain() {
        draining = true;
    }

    boolean draining() {
        return draining;
    }
}
