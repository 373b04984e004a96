package io.smart402.server.feed;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smart402.server.config.ServerConfig;
import io.smart402.server.metrics.ServerMeters;
import io.smart402.shard.feed.ChangePage;
import io.smart402.shard.feed.ChangeReader;
import io.smart402.shard.feed.FeedPosition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The change feed: each subscriber reads every shard's history after its own positions, one page per shard at a
 * time, when the downstream asks for more; when every shard is read up to its settled horizon it waits for a
 * wake-up (a primary's NOTIFY, whichever server wrote) or the poll interval, then reads again. Catch-up and live
 * are the same read by position, so there is no seam to get wrong: a change is sent once, after the ones before
 * it in its shard, and never skipped (see {@link ChangeReader} and migration V6 for why positions are the
 * primaries' transaction ids, not versions). Memory per subscriber is bounded by the page size: a consumer that
 * reads slowly stops the reads (Reactor Netty asks for more only while the socket is writable) and simply
 * catches up from the shards later. A shard that cannot be read yields one {@code partial} event, and a
 * {@code resumed} one when it can again; its position stays, so nothing in between is lost.
 */
public final class ChangeFeed {

    private static final Logger LOG = LoggerFactory.getLogger(ChangeFeed.class);

    /**
     * How soon a feed reads again when a shard has committed rows waiting behind a running transaction: sooner
     * than the poll interval, because if that transaction rolls back no notification says it has ended.
     */
    static final Duration SETTLE = Duration.ofMillis(100);

    private final ChangeReader reader;
    private final Flux<String> wakeups;
    private final FeedCursor cursors;
    private final ServerConfig.Feed config;
    private final int fanOut;
    private final Scheduler cpu;
    private final Map<String, Counter> events = new LinkedHashMap<>();
    private final reactor.core.publisher.Sinks.Empty<Void> closed = reactor.core.publisher.Sinks.empty();

    /**
     * @param wakeups shard ids whose primaries committed writes (hot; dropped freely)
     * @param fanOut  shards read at once by one subscriber
     * @param cpu     where events are made (cursor MACs, JSON) and the poll interval ticks: the rows arrive on
     *                the database client's event loop, which does I/O only
     */
    public ChangeFeed(ChangeReader reader, Flux<String> wakeups, FeedCursor cursors, ServerConfig.Feed config,
                      int fanOut, Scheduler cpu, MeterRegistry registry) {
        this.reader = reader;
        this.wakeups = wakeups;
        this.cursors = cursors;
        this.config = config;
        this.fanOut = fanOut;
        this.cpu = cpu;
        for (String kind : List.of(FeedEvent.CREATED, FeedEvent.UPDATED, FeedEvent.PARTIAL, FeedEvent.RESUMED)) {
            events.put(kind, ServerMeters.FEED_EVENTS.counter().tag("kind", kind).register(registry));
        }
    }

    /** The cursor codec of this fleet. */
    public FeedCursor cursors() {
        return cursors;
    }

    /**
     * Fixes "now" for the shards a request starts at now (where the shard can be read; the others are fixed
     * when they can), so that a client that got its response headers gets every change committed after that.
     */
    public Mono<FeedRequest> resolve(FeedRequest request) {
        return Flux.fromIterable(request.start().entrySet())
                .flatMapSequential(e -> e.getValue() != null ? Mono.just(e)
                        : reader.now(e.getKey())
                                .map(now -> java.util.Map.entry(e.getKey(), now))
                                .onErrorResume(error -> Mono.just(e)), fanOut)
                .collect(LinkedHashMap<String, FeedPosition>::new, (m, e) -> m.put(e.getKey(), e.getValue()))
                .map(start -> new FeedRequest(request.type(), request.status(), request.summary(), start));
    }

    /** The events of one feed, from its start, without end (until cancelled). */
    public Flux<FeedEvent> open(FeedRequest request) {
        return Flux.defer(() -> {
            Subscriber s = new Subscriber(request);
            return Flux.merge(Flux.just(""), wakeups, Flux.interval(config.pollInterval(), cpu).map(t -> ""))
                    // While a drain runs, any number of wake-ups become one more drain after it.
                    .onBackpressureLatest()
                    .concatMap(w -> s.drain(), 1)
                    .doOnNext(e -> events.get(e.kind()).increment())
                    .takeUntilOther(closed.asMono());
        });
    }

    /**
     * Ends every feed (their clients reconnect with their last event's id, to another instance when this one
     * is stopping); feeds opened afterwards end at once. A stopping server calls it before closing its
     * connections, which would otherwise wait for streams that never end by themselves.
     */
    public void close() {
        closed.tryEmitEmpty();
    }

    /** One subscriber's positions and the shards it has reported partial; touched by one drain at a time. */
    private final class Subscriber {

        private final FeedRequest request;
        private final ChangeReader.Filter filter;
        private final Map<String, FeedPosition> positions;
        private final Set<String> down = new HashSet<>();
        private boolean more;
        private boolean unsettled;

        Subscriber(FeedRequest request) {
            this.request = request;
            this.filter = new ChangeReader.Filter(request.type(), request.status(), !request.summary());
            this.positions = new LinkedHashMap<>(request.start());
        }

        /** Rounds of reads until no shard's page was full and no shard has rows waiting to settle. */
        Flux<FeedEvent> drain() {
            return Mono.defer(this::round)
                    .repeatWhen(rounds -> rounds.takeWhile(r -> more || unsettled)
                            .concatMap(r -> more ? Mono.just(r) : Mono.delay(SETTLE, cpu)))
                    .concatMapIterable(list -> list, 1);
        }

        private Mono<List<FeedEvent>> round() {
            return Flux.fromIterable(new ArrayList<>(positions.keySet()))
                    .flatMapSequential(this::read, fanOut)
                    .collectList()
                    .publishOn(cpu)
                    .map(this::apply);
        }

        private Mono<Read> read(String shard) {
            FeedPosition at = positions.get(shard);
            return (at != null ? Mono.just(at) : reader.now(shard))
                    .flatMap(from -> reader.read(shard, from, filter, config.pageSize()))
                    .map(page -> new Read(shard, page, null))
                    .onErrorResume(e -> Mono.just(new Read(shard, null, e)));
        }

        private List<FeedEvent> apply(List<Read> reads) {
            more = false;
            unsettled = false;
            List<FeedEvent> out = new ArrayList<>();
            for (Read read : reads) {
                if (read.error() != null) {
                    if (down.add(read.shard())) {
                        LOG.warn("change feed: shard {} cannot be read, reporting it partial: {}", read.shard(),
                                read.error().toString());
                        out.add(FeedEvent.partial(read.shard(), "shard primary unavailable: "
                                + read.error().getClass().getSimpleName(), cursors.encode(positions)));
                    }
                    continue;
                }
                if (down.remove(read.shard())) {
                    out.add(FeedEvent.resumed(read.shard(), cursors.encode(positions)));
                }
                read.page().changes().forEach(change -> {
                    positions.put(read.shard(), change.position());
                    out.add(FeedEvent.of(change, cursors.encode(positions)));
                });
                positions.put(read.shard(), read.page().next());
                more |= read.page().full();
                unsettled |= read.page().unsettled();
            }
            return out;
        }
    }

    private record Read(String shard, ChangePage page, Throwable error) {
    }
}
