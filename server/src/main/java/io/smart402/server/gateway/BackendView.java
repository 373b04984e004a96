package io.smart402.server.gateway;

import io.smart402.core.balance.BackendStats;

/**
 * One backend as {@code GET /gateway/backends} shows it.
 *
 * @param id               {@code host:port}
 * @param state            healthy, warming, ejected, unhealthy or draining
 * @param weight           configured weight
 * @param effectiveWeight  the weight picks use now (lower while warming up)
 * @param outstanding      requests in flight
 * @param requests         requests sent so far
 * @param failures         requests that failed at the transport (connect, reset, timeout)
 * @param latencyMillis    peak-EWMA latency estimate
 * @param ejections        times outlier detection ejected it
 * @param ejectedForMillis how much longer the current ejection lasts
 */
public record BackendView(String id, String state, int weight, double effectiveWeight, int outstanding,
                          long requests, long failures, double latencyMillis, long ejections,
                          long ejectedForMillis) {

    static BackendView of(BackendStats s) {
        return new BackendView(s.id(), s.state().label(), s.weight(), round(s.effectiveWeight()), s.outstanding(),
                s.requests(), s.failures(), round(s.latencyMillis()), s.ejections(), s.ejectedForMillis());
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
