package io.smart402.bench.scenario;

import java.time.Duration;

/**
 * How long and how hard a suite runs. {@code quick} runs every scenario in under three minutes in total (small
 * sizes: a smoke test of the harness, figures indicative only); {@code full} is for real numbers.
 *
 * @param warmup        unrecorded load before each measured run
 * @param measure       each measured closed-loop or batch run
 * @param open          each open-loop (constant rate) run
 * @param drain         longest wait for outstanding requests after an open-loop run
 * @param workers       concurrent requests of closed-loop HTTP runs
 * @param streams       concurrent NDJSON batch uploads
 * @param perBatch      contracts per NDJSON batch request
 * @param preload       contracts written before read runs (the Zipf population)
 * @param failoverRate  offered POSTs per second during the failover run
 * @param templates     distinct generated contract bodies (ids are unique regardless)
 */
public record Profile(String name, Duration warmup, Duration measure, Duration open, Duration drain, int workers,
                      int streams, int perBatch, int preload, double failoverRate, int templates) {

    public static final Profile QUICK = new Profile("quick", Duration.ofSeconds(1), Duration.ofSeconds(2),
            Duration.ofSeconds(2), Duration.ofSeconds(5), 32, 4, 50, 400, 100, 64);

    public static final Profile FULL = new Profile("full", Duration.ofSeconds(8), Duration.ofSeconds(20),
            Duration.ofSeconds(20), Duration.ofSeconds(15), 64, 4, 500, 10_000, 200, 256);

    public static Profile named(String name) {
        return switch (name) {
            case "quick" -> QUICK;
            case "full" -> FULL;
            default -> throw new IllegalArgumentException("unknown profile '" + name + "' (quick or full)");
        };
    }
}
