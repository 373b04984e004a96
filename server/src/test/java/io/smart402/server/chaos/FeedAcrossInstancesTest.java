package io.smart402.server.chaos;

import static io.smart402.server.feed.FeedSupport.awaitChange;
import static io.smart402.server.feed.FeedSupport.contract;
import static io.smart402.server.feed.FeedSupport.data;
import static io.smart402.server.feed.FeedSupport.headers;
import static io.smart402.server.feed.FeedSupport.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.smart402.server.TestServer;
import io.smart402.server.app.Smart402Server;
import io.smart402.server.feed.FeedStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two server instances on the same shards (a real PostgreSQL fleet of their own): a write through one appears on
 * the other's change feed — woken by the primaries' NOTIFY, not by anything the instances say to each other — and
 * a cursor one instance issued resumes on the other.
 */
class FeedAcrossInstancesTest {

    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final String KEY = TestServer.CLIENT_KEY;

    private static ChaosFleet fleet;
    private static Smart402Server a;
    private static Smart402Server b;

    @BeforeAll
    static void start() {
        fleet = new ChaosFleet(Path.of("target", "feed-fleet").toAbsolutePath());
        // A long poll interval: within it, only a notification can wake B's feed.
        List<String> overrides = List.of("shards=" + fleet.shardsConfig(), "feed.heartbeat=300ms",
                "feed.poll-interval=60s", "cache.warming.enabled=false");
        a = TestServer.start(overrides);
        b = TestServer.start(overrides);
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {a, b, fleet}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // keep closing the rest
            }
        }
    }

    private static String url(Smart402Server server) {
        return "http://127.0.0.1:" + server.port();
    }

    @Test
    void aWriteThroughOneInstanceAppearsOnTheOthersFeedAndItsCursorResumesThere() {
        String prefix = "feedx-" + System.nanoTime() + "-";
        try (FeedStream onB = FeedStream.open(url(b), "?from=now&view=summary", headers(KEY, Map.of()))) {
            assertThat(onB.status()).isEqualTo(200);
            FeedStream.Frame retry = onB.next(PATIENCE);
            assertThat(retry.retry()).isEqualTo("3000");
            // Idle: heartbeats (SSE comments) every feed.heartbeat.
            FeedStream.Frame heartbeat = onB.next(PATIENCE);
            assertThat(heartbeat.comment()).isTrue();
            // B's first read ran long before this write; with a 60 s poll only A's write's NOTIFY wakes B.
            String first = prefix + "first";
            write(url(a), KEY, List.of(contract(first, 1)));
            String cursor = awaitChange(onB, first, Duration.ofSeconds(30)).id();

            List<String> more = IntStream.range(0, 60).mapToObj(i -> prefix + i).toList();
            write(url(a), KEY, more.stream().map(id -> contract(id, 2)).toList());
            Set<String> seenOnB = new HashSet<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                FeedStream.Frame f = onB.next(Duration.ofMillis(200));
                if (f != null && f.id() != null && f.data() != null) {
                    seenOnB.add(data(f).get("id").asText());
                }
                return seenOnB.containsAll(more);
            });

            // B's cursor (taken before the 60 writes) resumes on A: exactly those 60, once each.
            try (FeedStream onA = FeedStream.open(url(a), "?view=summary", headers(KEY, Map.of("Last-Event-ID",
                    cursor)))) {
                assertThat(onA.status()).isEqualTo(200);
                Set<String> seenOnA = new HashSet<>();
                await().atMost(PATIENCE).until(() -> {
                    FeedStream.Frame f = onA.next(Duration.ofMillis(200));
                    if (f != null && f.id() != null && f.data() != null) {
                        String id = data(f).get("id").asText();
                        assertThat(id).isNotEqualTo(first);
                        assertThat(seenOnA.add(id)).as("once: %s", id).isTrue();
                    }
                    return seenOnA.containsAll(more);
                });
                assertThat(seenOnA).containsExactlyInAnyOrderElementsOf(more);
            }
        }
    }
}
