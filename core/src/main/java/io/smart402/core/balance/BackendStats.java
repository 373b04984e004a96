package io.smart402.core.balance;

/**
 * One backend's figures at one instant, for {@code /stats} and an admin view.
 *
 * @param id the backend's id
 * @param state where it stands for new picks
 * @param weight its configured weight
 * @param effectiveWeight the weight picks use now (lower while warming up)
 * @param outstanding calls in flight
 * @param requests calls sent so far (finished or not)
 * @param failures calls that failed (as the balancer's failure predicate counts them)
 * @param latencyMillis the peak-EWMA latency estimate, in milliseconds (0 before any answer)
 * @param ejections times passive outlier detection ejected it
 * @param ejectedForMillis how much longer the current ejection lasts (0 when not ejected)
 */
public record BackendStats(String id, BackendState state, int weight, double effectiveWeight, int outstanding,
                           long requests, long failures, double latencyMillis, long ejections,
                           long ejectedForMillis) {
}
