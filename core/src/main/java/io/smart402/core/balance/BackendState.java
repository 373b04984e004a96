package io.smart402.core.balance;

import java.util.Locale;

/** Where a backend stands for new picks; only {@link #HEALTHY} and {@link #WARMING} backends are picked. */
public enum BackendState {
    /** Picked at its full weight. */
    HEALTHY,
    /** Picked, at a weight still ramping up after it (re)joined (slow start). */
    WARMING,
    /** Ejected by passive outlier detection until its ejection time is over. */
    EJECTED,
    /** Failed its active health check {@code fall} times in a row; back after {@code rise} passes. */
    UNHEALTHY,
    /** Takes no new calls; the calls in flight finish. */
    DRAINING;

    /** The lower-case name used in meters and JSON ({@code warming}). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    boolean eligible() {
        return this == HEALTHY || this == WARMING;
    }
}
