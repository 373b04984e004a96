package io.smart402.server.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.smart402.server.admission.AdmissionControl;
import io.smart402.server.config.ServerConfig;
import io.smart402.server.feed.ChangeFeed;
import io.smart402.server.feed.FeedCursor;
import io.smart402.server.feed.FeedSlots;
import io.smart402.server.http.FeedRoutes;
import io.smart402.server.metrics.ServerMeters;
import io.smart402.shard.feed.ChangeReader;
import io.smart402.shard.feed.ChangeSignals;
import io.smart402.shard.store.ShardedContractStore;
import reactor.core.scheduler.Schedulers;

/**
 * The change feed, from the config: one LISTEN session per shard primary for wake-ups, the feed over the store's
 * primaries, the subscriber slots and their gauge.
 */
final class FeedWiring implements AutoCloseable {

    private final ChangeSignals signals;
    private final ChangeFeed feed;
    private final FeedSlots slots;
    private final ServerConfig.Feed config;

    private FeedWiring(ChangeSignals signals, ChangeFeed feed, FeedSlots slots, ServerConfig.Feed config) {
        this.signals = signals;
        this.feed = feed;
        this.slots = slots;
        this.config = config;
    }

    static FeedWiring start(ServerConfig config, ShardedContractStore store, MeterRegistry registry) {
        ServerConfig.Feed settings = config.feed();
        ChangeSignals signals = new ChangeSignals(store).start();
        ChangeReader reader = new ChangeReader(store);
        ChangeFeed feed = new ChangeFeed(reader, signals.signals(),
                new FeedCursor(settings.cursorSecret(), reader.shards()), settings, config.query().fanOut(),
                Schedulers.parallel(), registry);
        FeedSlots slots = new FeedSlots(settings.maxSubscribersPerClient(), settings.maxSubscribers());
        ServerMeters.FEED_SUBSCRIBERS.gauge(slots, FeedSlots::open).register(registry);
        return new FeedWiring(signals, feed, slots, settings);
    }

    FeedRoutes routes(AdmissionControl admission) {
        return new FeedRoutes(feed, slots, admission, config, Schedulers.parallel());
    }

    /** Ends the open feeds and stops listening; closing again does nothing more. */
    @Override
    public void close() {
        feed.close();
        signals.close();
    }
}
