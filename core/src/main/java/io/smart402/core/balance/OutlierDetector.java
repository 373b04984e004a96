package io.smart402.core.balance;

import java.util.List;

/**
 * Applies {@link OutlierDetection} to the outcomes of calls. Successes touch atomics only; the ejection decision
 * (which must count the backends already ejected) takes this detector's monitor, on the failure path only.
 */
final class OutlierDetector {

    private final OutlierDetection settings;
    private final long intervalNanos;
    private final long baseNanos;
    private final long maxNanos;

    OutlierDetector(OutlierDetection settings) {
        this.settings = settings;
        this.intervalNanos = settings.interval().toNanos();
        this.baseNanos = settings.baseEjectionTime().toNanos();
        this.maxNanos = settings.maxEjectionTime().toNanos();
    }

    void success(Backend<?> backend, long nowNanos) {
        if (!settings.enabled()) {
            return;
        }
        BackendHealth h = backend.health;
        roll(h, nowNanos);
        if (h.consecutiveFailures.get() != 0) {
            h.consecutiveFailures.set(0);
        }
        h.windowSuccesses.incrementAndGet();
    }

    /** Counts a failure; true when it ejected the backend ({@code atOnce}: whatever the counts say). */
    boolean failure(Backend<?> backend, List<? extends Backend<?>> members, long nowNanos, boolean atOnce) {
        if (!settings.enabled()) {
            return false;
        }
        BackendHealth h = backend.health;
        if (h.ejected(nowNanos)) {
            // Calls that were in flight when it was ejected belong to the same incident: counting them would
            // re-eject it on its first failure after coming back.
            return false;
        }
        roll(h, nowNanos);
        int consecutive = h.consecutiveFailures.incrementAndGet();
        int failures = h.windowFailures.incrementAndGet();
        int total = failures + h.windowSuccesses.get();
        boolean trips = atOnce
                || settings.consecutiveFailures() > 0 && consecutive >= settings.consecutiveFailures()
                || settings.failureRate() > 0 && total >= settings.minimumRequests()
                && failures >= settings.failureRate() * total;
        return trips && eject(backend, members, nowNanos);
    }

    private synchronized boolean eject(Backend<?> backend, List<? extends Backend<?>> members, long nowNanos) {
        BackendHealth h = backend.health;
        if (h.ejected(nowNanos) || !members.contains(backend)) {
            return false;
        }
        int ejected = 0;
        for (Backend<?> m : members) {
            if (m.health.ejected(nowNanos)) {
                ejected++;
            }
        }
        // Envoy's max_ejection_percent, which "will eject at least one host regardless of the value".
        int allowed = Math.max(1, (int) Math.floor(settings.maxEjectedFraction() * members.size()));
        if (ejected >= allowed) {
            return false;
        }
        h.multiplier++;
        long length = (long) Math.min((double) baseNanos * h.multiplier, maxNanos);
        h.ejectedUntil = nowNanos + length;
        h.ejections.incrementAndGet();
        h.consecutiveFailures.set(0);
        h.windowFailures.set(0);
        h.windowSuccesses.set(0);
        return true;
    }

    /**
     * Starts a new failure-rate window once {@code interval} has passed, and lowers the ejection multiplier by
     * one per whole interval spent not ejected (Envoy: "if the host is healthy for the interval, decrement").
     */
    private void roll(BackendHealth h, long nowNanos) {
        long start = h.windowStart.get();
        long elapsed = nowNanos - start;
        if (elapsed < intervalNanos) {
            return;
        }
        if (h.windowStart.compareAndSet(start, start + elapsed / intervalNanos * intervalNanos)) {
            h.windowSuccesses.set(0);
            h.windowFailures.set(0);
            synchronized (this) {
                long cleanSince = Math.max(start, h.ejectedUntil);
                if (h.multiplier > 0 && nowNanos > cleanSince) {
                    h.multiplier = (int) Math.max(0, h.multiplier - (nowNanos - cleanSince) / intervalNanos);
                }
            }
        }
    }
}
