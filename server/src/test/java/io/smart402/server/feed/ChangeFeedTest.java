package io.smart402.server.feed;

import static io.smart402.server.feed.FeedSupport.awaitChange;
import static io.smart402.server.feed.FeedSupport.contract;
import static io.smart402.server.feed.FeedSupport.data;
import static io.smart402.server.feed.FeedSupport.headers;
import static io.smart402.server.feed.FeedSupport.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.smart402.server.TestServer;
import io.smart402.server.app.Smart402Server;
import io.smart402.shard.topology.Shard;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/** {@code GET /contracts/changes} on the real embedded fleet (3 shards, primary + replica each) over real HTTP. */
class ChangeFeedTest {

    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final String KEY = TestServer.CLIENT_KEY;

    private static String base() {
        return TestServer.baseUrl();
    }

    /** Opens a feed from now and proves it is live (a marker written after it opened arrives); its cursor. */
    private static String cursorAtNow(String name) {
        try (FeedStream feed = FeedStream.open(base(), "?from=now&view=summary", headers(KEY, Map.of()))) {
            assertThat(feed.status()).isEqualTo(200);
            String marker = name + "-marker-" + System.nanoTime();
            write(base(), KEY, List.of(contract(marker, 1)));
            return awaitChange(feed, marker, PATIENCE).id();
        }
    }

    /** What the primaries hold for ids starting with {@code prefix}: id → version. */
    private static Map<String, Long> stored(String prefix) {
        Smart402Server server = TestServer.get();
        Map<String, Long> out = new HashMap<>();
        for (Shard shard : server.store().topology().shards()) {
            out.putAll(server.store().node(shard.primary().name()).withConnection(c -> Flux.from(
                            c.createStatement("SELECT id, version FROM contracts WHERE id LIKE $1")
                                    .bind("$1", prefix + "%").execute())
                    .flatMap(r -> r.map((row, meta) -> Map.entry(row.get("id", String.class),
                            row.get("version", Long.class))))
                    .collectMap(Map.Entry::getKey, Map.Entry::getValue)).block(Duration.ofSeconds(30)));
        }
        return out;
    }

    private static JsonNode problem(FeedStream stream, int status) throws Exception {
        assertThat(stream.status()).isEqualTo(status);
        assertThat(stream.contentType()).startsWith("application/problem+json");
        return FeedSupport.JSON.readTree(stream.body());
    }

    @Test
    void badRequestsAreProblemsBeforeTheStream() throws Exception {
        String good = cursorAtNow("bad");
        String[] parts = good.split("\\.");
        byte[] payload = Base64.getUrlDecoder().decode(parts[0]);
        // Move the first shard's position (the digits of its xid) and keep the old signature: a forgery.
        String text = new String(payload, java.nio.charset.StandardCharsets.UTF_8);
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(
                text.replaceFirst("\",(\\d)", "\",9$1").getBytes(java.nio.charset.StandardCharsets.UTF_8))
                + "." + parts[1];
        assertThat(forged).isNotEqualTo(good);
        Map<String, String> sse = headers(KEY, Map.of());
        for (String query : List.of("?cursor=" + forged, "?cursor=not-a-cursor", "?cursor=" + parts[0],
                "?cursor=" + good.substring(0, good.length() - 3))) {
            try (FeedStream s = FeedStream.open(base(), query, sse)) {
                JsonNode p = problem(s, 400);
                assertThat(p.get("type").asText()).endsWith("/invalid-cursor");
                assertThat(p.get("parameter").asText()).isEqualTo("cursor");
            }
        }
        try (FeedStream s = FeedStream.open(base(), "", headers(KEY, Map.of("Last-Event-ID", forged)))) {
            assertThat(problem(s, 400).get("parameter").asText()).isEqualTo("Last-Event-ID");
        }
        for (String[] bad : List.of(new String[] {"?type=no-such-type", "type"},
                new String[] {"?status=shipped", "status"}, new String[] {"?from=yesterday", "from"},
                new String[] {"?view=everything", "view"})) {
            try (FeedStream s = FeedStream.open(base(), bad[0], sse)) {
                JsonNode p = problem(s, 400);
                assertThat(p.get("type").asText()).endsWith("/invalid-parameter");
                assertThat(p.get("parameter").asText()).isEqualTo(bad[1]);
            }
        }
        try (FeedStream s = FeedStream.open(base(), "", headers(KEY, Map.of("Accept", "application/json")))) {
            assertThat(problem(s, 406).get("type").asText()).endsWith("/not-acceptable");
        }
        try (FeedStream s = FeedStream.open(base(), "", Map.of("Accept", "text/event-stream"))) {
            assertThat(s.status()).isEqualTo(401);
        }
    }

    @Test
    void resumingAtRandomCursorsUnderConcurrentWritesLosesAndRepeatsNothing() throws Exception {
        String prefix = "feedr-" + System.nanoTime() + "-";
        String cursor = cursorAtNow("resume");
        int ids = 120;
        AtomicReference<Throwable> writerFailed = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try {
                // Three rounds over the same ids, in batches: every id gets three versions while the feed is read.
                for (int round = 1; round <= 3; round++) {
                    for (int from = 0; from < ids; from += 30) {
                        int r = round;
                        write(base(), KEY, IntStream.range(from, from + 30)
                                .mapToObj(i -> contract(prefix + i, 100 * r + i)).toList());
                    }
                }
            } catch (Throwable e) {
                writerFailed.set(e);
            }
        }, "feed-test-writer");
        writer.start();
        Random random = new Random(14);
        Map<String, List<Long>> seen = new HashMap<>();
        int reconnections = 0;
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        Map<String, Long> expected = null;
        while (System.nanoTime() < deadline) {
            boolean header = random.nextBoolean();
            Map<String, String> h = headers(KEY, header ? Map.of("Last-Event-ID", cursor) : Map.of());
            try (FeedStream feed = FeedStream.open(base(), "?view=summary" + (header ? "" : "&cursor=" + cursor), h)) {
                assertThat(feed.status()).isEqualTo(200);
                reconnections++;
                int take = 1 + random.nextInt(40);
                for (int n = 0; n < take; n++) {
                    FeedStream.Frame f = feed.next(Duration.ofSeconds(2));
                    if (f == null) {
                        break;
                    }
                    if (f.id() == null || !(f.event().equals("created") || f.event().equals("updated"))) {
                        continue;
                    }
                    cursor = f.id();
                    JsonNode d = data(f);
                    if (d.get("id").asText().startsWith(prefix)) {
                        seen.computeIfAbsent(d.get("id").asText(), k -> new ArrayList<>()).add(d.get("version").asLong());
                    }
                }
            }
            if (!writer.isAlive()) {
                if (expected == null) {
                    assertThat(writerFailed.get()).isNull();
                    expected = stored(prefix);
                    assertThat(expected).hasSize(ids);
                }
                Map<String, Long> finals = expected;
                if (finals.entrySet().stream().allMatch(e -> seen.getOrDefault(e.getKey(), List.of())
                        .contains(e.getValue()))) {
                    break;
                }
            }
        }
        assertThat(expected).as("writer finished").isNotNull();
        assertThat(reconnections).isGreaterThan(5);
        assertThat(seen.keySet()).isEqualTo(expected.keySet());
        for (Map.Entry<String, List<Long>> e : seen.entrySet()) {
            List<Long> versions = e.getValue();
            assertThat(new HashSet<>(versions)).as("no version twice for %s", e.getKey()).hasSameSizeAs(versions);
            assertThat(versions).as("versions of %s in order", e.getKey()).isSorted();
            assertThat(versions.get(versions.size() - 1)).as("newest of %s", e.getKey())
                    .isEqualTo(expected.get(e.getKey()));
        }
    }

    private static double feedEvents() {
        return TestServer.get().registry().find("smart402.feed.events").counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    @Test
    void aConsumerThatDoesNotReadHoldsTheServerBackThenCatchesUp() throws Exception {
        String prefix = "feeds-" + System.nanoTime() + "-";
        String cursor = cursorAtNow("slow");
        int total = 1200;
        for (int from = 0; from < total; from += 200) {
            write(base(), KEY, IntStream.range(from, from + 200).mapToObj(i -> contract(prefix + i, i + 1)).toList());
        }
        double before = feedEvents();
        try (FeedStream feed = FeedStream.openManual(base(), "?cursor=" + cursor, headers(KEY, Map.of()))) {
            assertThat(feed.status()).isEqualTo(200);
            // Not reading: the server sends until the socket is full, then stops reading the shards, so the count
            // of events it produced settles (two samples 2 s apart agree) well short of what is waiting.
            double[] last = {-1};
            await().pollInterval(Duration.ofSeconds(2)).atMost(PATIENCE).until(() -> {
                double now = feedEvents() - before;
                boolean settled = now == last[0];
                last[0] = now;
                return settled;
            });
            assertThat(last[0]).as("events produced while nobody read").isLessThan(total / 2.0);
            Set<String> got = new HashSet<>();
            while (got.size() < total) {
                FeedStream.Frame f = feed.readFrame();
                assertThat(f).isNotNull();
                if (f.data() != null && f.id() != null) {
                    JsonNode d = data(f);
                    assertThat(d.has("document")).isTrue();
                    String id = d.get("id").asText();
                    if (id.startsWith(prefix)) {
                        assertThat(got.add(id)).as("once: %s", id).isTrue();
                    }
                }
            }
        }
    }

    @Test
    void aShardWithItsPrimaryKilledIsReportedPartialAndResumesWithoutAGap() throws Exception {
        Smart402Server server = TestServer.get();
        String prefix = "feedk-" + System.nanoTime() + "-";
        String cursor = cursorAtNow("kill");
        List<String> before = IntStream.range(0, 30).mapToObj(i -> prefix + "a" + i).toList();
        List<String> during = IntStream.range(0, 30).mapToObj(i -> prefix + "b" + i).toList();
        List<String> after = IntStream.range(0, 30).mapToObj(i -> prefix + "c" + i).toList();
        write(base(), KEY, before.stream().map(id -> contract(id, 1)).toList());
        String killed = "shard_1";
        try (FeedStream feed = FeedStream.open(base(), "?view=summary&cursor=" + cursor, headers(KEY, Map.of()))) {
            Set<String> got = new HashSet<>();
            List<String> order = new ArrayList<>();
            java.util.function.Predicate<FeedStream.Frame> take = f -> {
                order.add(f.event() + (f.data() == null ? "" : ":" + data(f).path("shard").asText()));
                if (f.event() != null && (f.event().equals("created") || f.event().equals("updated"))) {
                    String id = data(f).get("id").asText();
                    if (id.startsWith(prefix)) {
                        assertThat(got.add(id)).as("once: %s", id).isTrue();
                    }
                }
                return true;
            };
            await().atMost(PATIENCE).until(() -> {
                FeedStream.Frame f = feed.next(Duration.ofMillis(200));
                return f != null && take.test(f) && got.containsAll(before);
            });
            server.embeddedFleet().kill(killed + "-primary");
            try {
                await().atMost(PATIENCE).until(() -> {
                    FeedStream.Frame f = feed.next(Duration.ofMillis(200));
                    return f != null && take.test(f) && "partial".equals(f.event())
                            && killed.equals(data(f).get("shard").asText());
                });
                // Writes go on: those of the dead primary's shard are acknowledged by its replica.
                write(base(), KEY, during.stream().map(id -> contract(id, 2)).toList());
            } finally {
                server.embeddedFleet().restart(killed + "-primary");
            }
            write(base(), KEY, after.stream().map(id -> contract(id, 3)).toList());
            List<String> all = new ArrayList<>(before);
            all.addAll(during);
            all.addAll(after);
            await().atMost(PATIENCE).until(() -> {
                FeedStream.Frame f = feed.next(Duration.ofMillis(200));
                if (f != null) {
                    take.test(f);
                }
                return got.containsAll(all);
            });
            assertThat(order).contains("resumed:" + killed);
            assertThat(order.indexOf("partial:" + killed)).isLessThan(order.indexOf("resumed:" + killed));
            assertThat(got).hasSize(all.size());
        }
    }

    @Test
    void ndjsonSummariesFilteredByAnAliasedType() throws Exception {
        String prefix = "feedn-" + System.nanoTime() + "-";
        String cursor = cursorAtNow("ndjson");
        write(base(), KEY, List.of(contract(prefix + "pay", 5),
                "{\"id\":\"" + prefix + "saas\",\"type\":\"saas\",\"parties\":[\"vendor@x.example\","
                        + "\"customer@y.example\"],\"payment\":{\"amount\":99,\"token\":\"USDC\",\"frequency\":\"monthly\"}}"));
        try (FeedStream feed = FeedStream.open(base(), "?view=summary&type=saas&status=processed&cursor=" + cursor,
                headers(KEY, Map.of("Accept", "application/x-ndjson")))) {
            assertThat(feed.status()).isEqualTo(200);
            assertThat(feed.contentType()).startsWith("application/x-ndjson");
            FeedStream.Frame f = feed.next(PATIENCE);
            assertThat(f.event()).isEqualTo("ndjson");
            JsonNode line = FeedSupport.JSON.readTree(f.data());
            assertThat(line.get("event").asText()).isEqualTo("created");
            assertThat(line.get("id").asText()).isEqualTo(prefix + "saas");
            assertThat(line.get("type").asText()).isEqualTo("saas-subscription");
            assertThat(line.has("document")).isFalse();
            assertThat(line.get("cursor").asText()).contains(".");
            assertThat(feed.next(Duration.ofSeconds(2))).isNull();
        }
    }

    @Test
    void anNdjsonFeedFromNowAnswersAtOnceAndSendsWhatIsWrittenAfter() {
        try (FeedStream feed = FeedStream.open(base(), "?from=now&view=summary",
                headers(KEY, Map.of("Accept", "application/x-ndjson")))) {
            // open() returned: the headers came before any event (the first heartbeat is 15 s away).
            assertThat(feed.status()).isEqualTo(200);
            String id = "feedo-" + System.nanoTime();
            write(base(), KEY, List.of(contract(id, 1)));
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            String seen = null;
            while (seen == null && System.nanoTime() < deadline) {
                FeedStream.Frame f = feed.next(Duration.ofMillis(500));
                if (f != null && f.data() != null && id.equals(data(f).path("id").asText())) {
                    seen = data(f).get("event").asText();
                }
            }
            assertThat(seen).isEqualTo("created");
        }
    }

    @Test
    void aClientHoldsAtMostItsShareOfFeeds() throws Exception {
        List<FeedStream> open = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                FeedStream s = FeedStream.open(base(), "?from=now", headers(KEY, Map.of()));
                assertThat(s.status()).isEqualTo(200);
                open.add(s);
            }
            try (FeedStream refused = FeedStream.open(base(), "?from=now", headers(KEY, Map.of()))) {
                JsonNode p = problem(refused, 429);
                assertThat(p.get("type").asText()).endsWith("/too-many-feeds");
            }
            FeedStream.Frame first = open.get(0).next(PATIENCE);
            assertThat(first.retry()).isEqualTo("3000");
            open.remove(0).close();
            await().atMost(PATIENCE).until(() -> {
                try (FeedStream again = FeedStream.open(base(), "?from=now", headers(KEY, Map.of()))) {
                    return again.status() == 200;
                }
            });
        } finally {
            open.forEach(FeedStream::close);
        }
    }
}
