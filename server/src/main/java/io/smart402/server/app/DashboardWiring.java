package io.smart402.server.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.smart402.server.auth.AdminGuard;
import io.smart402.server.auth.ApiKeys;
import io.smart402.server.auth.DashboardGuard;
import io.smart402.server.auth.SessionTokens;
import io.smart402.server.config.DashboardConfig;
import io.smart402.server.config.ServerConfig;
import io.smart402.server.http.DashboardRoutes;
import io.smart402.server.live.LiveSampler;
import io.smart402.server.live.LiveSection;
import io.smart402.server.live.SharedTicker;
import io.smart402.server.view.StatsView;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The dashboard, from the {@code dashboard} config: the shared tickers of stats events and heartbeats, the page's
 * session tokens and guard, and its routes. Its streams must end before the HTTP server stops, or closing would
 * wait for them: {@link #close} completes them.
 */
final class DashboardWiring implements AutoCloseable {

    /** Streams whose exchanges last as long as their connections (left out of the page's HTTP latency). */
    private static final Set<String> STREAMING_ROUTES = Set.of(DashboardRoutes.STREAM, "/contracts/changes");

    private final DashboardConfig config;
    private final Clock clock;
    private final ServerSchedulers schedulers;
    private final MeterRegistry registry;
    private final DashboardGuard guard;
    private final List<LiveSection> sections = new ArrayList<>();
    private final List<SharedTicker<byte[]>> tickers = new ArrayList<>();

    private DashboardWiring(ServerConfig config, Clock clock, ServerSchedulers schedulers, MeterRegistry registry) {
        this.config = config.dashboard();
        this.clock = clock;
        this.schedulers = schedulers;
        this.registry = registry;
        ApiKeys keys = new ApiKeys(config.keys());
        this.guard = new DashboardGuard(keys, new AdminGuard(keys),
                new SessionTokens(clock, this.config.sessionTtl()));
    }

    /** Draws the session signing key: start-up only. */
    static DashboardWiring start(ServerConfig config, Clock clock, ServerSchedulers schedulers,
                                 MeterRegistry registry) {
        return new DashboardWiring(config, clock, schedulers, registry);
    }

    /** Adds an optional section to every stats event (call before {@link #routes}). */
    DashboardWiring section(LiveSection section) {
        sections.add(section);
        return this;
    }

    /**
     * Starts ticking and returns the routes; {@code stats} is the {@code /stats} view the events extend. The ticker
     * runs whether or not anyone watches (one snapshot per interval: the {@code /stats} view, a read of the meters
     * it rates, one JSON encoding), so a page that opens gets rates over a full window at once.
     */
    DashboardRoutes routes(Supplier<StatsView> stats) {
        LiveSampler sampler = new LiveSampler(stats, registry, clock, config.interval(), config.windowSamples(),
                STREAMING_ROUTES, sections);
        SharedTicker<byte[]> events = started(SharedTicker.start(config.interval(), schedulers.cpu(),
                config.buffer(), true, () -> DashboardRoutes.event(sampler.sample())));
        SharedTicker<byte[]> heartbeats = started(SharedTicker.start(config.heartbeat(), schedulers.cpu(),
                config.buffer(), false, DashboardRoutes::heartbeat));
        return new DashboardRoutes(guard, events, heartbeats, config.maxSubscribers(),
                Math.max(1000, config.interval().toMillis()));
    }

    private SharedTicker<byte[]> started(SharedTicker<byte[]> ticker) {
        tickers.add(ticker);
        return ticker;
    }

    /** Stops the tickers, which completes every open stream. */
    @Override
    public void close() {
        tickers.forEach(SharedTicker::close);
    }
}
