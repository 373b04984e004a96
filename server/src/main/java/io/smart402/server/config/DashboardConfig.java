package io.smart402.server.config;

import java.time.Duration;

/**
 * The {@code dashboard} section: the live stats stream ({@code GET /stats/stream}) and the page's session cookie.
 * Keys and defaults: {@code defaults.yaml}.
 *
 * @param interval       one stats event per interval, computed once for every subscriber
 * @param window         rates and percentiles cover this much of the recent past (a whole number of intervals)
 * @param heartbeat      an SSE comment this often, so proxies keep an idle stream open
 * @param buffer         events kept for one subscriber that reads slower than they come; older ones are dropped
 * @param maxSubscribers streams open at once on this server; more get 503
 * @param sessionTtl     lifetime of the page's session cookie (the admin key is exchanged for it once)
 */
public record DashboardConfig(Duration interval, Duration window, Duration heartbeat, int buffer,
                              int maxSubscribers, Duration sessionTtl) {

    public DashboardConfig {
        Check.positive("interval", interval);
        Check.positive("window", window);
        Check.positive("heartbeat", heartbeat);
        Check.range("buffer", buffer, 1, 1024);
        Check.range("max-subscribers", maxSubscribers, 1, 10_000);
        Check.positive("session-ttl", sessionTtl);
        if (window.compareTo(interval) < 0) {
            throw Invalid.of("window", "must be at least 'dashboard.interval' (" + interval + "), was " + window);
        }
    }

    /** How many past samples the window spans. */
    public int windowSamples() {
        return (int) Math.max(1, window.toNanos() / interval.toNanos());
    }
}
