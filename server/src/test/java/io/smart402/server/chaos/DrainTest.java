package io.smart402.server.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.smart402.server.ServeProcess;
import io.smart402.core.process.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real server process stopped with SIGTERM ({@link Process#destroy()}) in the middle of a long NDJSON batch:
 * it must say not ready, refuse new requests, finish what it started and hand back the rest of the batch as
 * problem events, then exit, all within {@code server.drain-timeout}, losing nothing it acknowledged.
 */
class DrainTest {

    /**
     * Far more than any machine stores before the hand-back (this one stores a few hundred rows a second, see the
     * README); the client generates the lines as the server reads them.
     */
    private static final int TOTAL = 1_000_000;
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(20);

    private static ChaosFleet fleet;

    @BeforeAll
    static void startFleet() {
        fleet = new ChaosFleet(Path.of("target", "drain-fleet").toAbsolutePath());
    }

    @AfterAll
    static void stopFleet() {
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    void sigtermDrainsTheBatchHandsBackTheRestAndExitsWithNothingAcknowledgedLost() throws Exception {
        Path config = Files.writeString(Path.of("target", "drain-server.yaml").toAbsolutePath(),
                "server:\n  host: 127.0.0.1\n  drain-timeout: " + DRAIN_TIMEOUT.toSeconds() + "s\nshards: "
                        + fleet.shardsConfig() + "\n");
        int port = FreePorts.any();
        Path log = Path.of("target", "drain-server-" + port + ".log").toAbsolutePath();
        Process server = startServerProcess(config, port, log);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        String prefix = "drain-" + System.nanoTime() + "-";
        AckStream stream = new AckStream().start("http://127.0.0.1:" + port, prefix, TOTAL);
        List<String> readyDuringDrain = new CopyOnWriteArrayList<>();
        HttpResponse<String> refused;
        boolean exited;
        try {
            stream.awaitAcks(300, Duration.ofMinutes(2));
            assertThat(stream.done()).as("the batch is still streaming when the drain starts").isFalse();

            server.destroy();
            AtomicBoolean stop = new AtomicBoolean();
            Thread poller = new Thread(() -> {
                while (!stop.get()) {
                    try {
                        HttpResponse<String> ready = client.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + port + "/ready")).build(),
                                HttpResponse.BodyHandlers.ofString());
                        readyDuringDrain.add(ready.statusCode() + " " + ready.body());
                        Thread.sleep(50);
                    } catch (IOException gone) {
                        return;
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "ready-poller");
            poller.setDaemon(true);
            poller.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> readyDuringDrain.stream().anyMatch(r -> r.startsWith("503")));
            refused = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/contracts"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(AckStream.line(prefix + "late-", 1))).build(),
                    HttpResponse.BodyHandlers.ofString());
            // Generous: the drain timeout, then closing pools and the replica fan-out, on a machine shared by
            // other builds. What is asserted is that the process ends on its own, not how fast.
            exited = server.waitFor(DRAIN_TIMEOUT.toSeconds() + 60, TimeUnit.SECONDS);
            stop.set(true);
            poller.join(10_000);
            stream.awaitDone(Duration.ofSeconds(30));
        } finally {
            server.destroyForcibly();
            stream.cancel();
        }
        assertThat(exited).as("the process exits after the drain; see " + log).isTrue();

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(refused.headers().firstValue("Connection")).hasValueSatisfying(v -> assertThat(v).isEqualToIgnoringCase("close"));
        assertThat(refused.body()).contains("/problems/draining");

        assertThat(readyDuringDrain).as("/ready during the drain")
                .anySatisfy(r -> assertThat(r).startsWith("503").contains("\"reason\":\"draining\""));

        // Every line got an event of its own, or lies in the range handed back unread.
        long unreadFrom = stream.unreadFromLine.get();
        assertThat(unreadFrom).as("the batch outlived 80% of the drain timeout: its rest is handed back").isPositive();
        for (long line = 1; line < unreadFrom; line++) {
            assertThat(stream.lines).as("line %d has an event", line).contains(line);
        }
        assertThat(stream.lines).allSatisfy(line -> assertThat(line).isLessThan(unreadFrom));

        // Every acknowledged contract is stored with the version it was acknowledged with.
        Map<String, List<String>> idsByShard = new HashMap<>();
        stream.acked.forEach((id, ack) -> idsByShard.computeIfAbsent(ack.shard(), s -> new ArrayList<>()).add(id));
        long lost = 0;
        for (Map.Entry<String, List<String>> e : idsByShard.entrySet()) {
            int shard = Integer.parseInt(e.getKey().substring("shard_".length()));
            Map<String, Long> stored = fleet.versions(ChaosFleet.primary(shard), e.getValue());
            for (String id : e.getValue()) {
                if (!Long.valueOf(stream.acked.get(id).version()).equals(stored.get(id))) {
                    lost++;
                }
            }
        }
        assertThat(stream.acked).isNotEmpty();
        assertThat(lost).as("acknowledged contracts missing or stale on their primary").isZero();

        // Nothing handed back was written: the unread lines after the cut are on no shard.
        List<String> unread = new ArrayList<>();
        for (long line = unreadFrom; line < Math.min(unreadFrom + 500, TOTAL + 1L); line++) {
            unread.add(prefix + line);
        }
        for (int s = 0; s < ChaosFleet.SHARDS; s++) {
            assertThat(fleet.versions(ChaosFleet.primary(s), unread)).as("handed-back lines stored").isEmpty();
        }

        String output = Files.readString(log);
        System.out.printf("drain: acknowledged %d, events %d, problems %s, unread from line %d, /ready polls %d%n",
                stream.acked.size(), stream.events.get(), stream.problemTypes, unreadFrom, readyDuringDrain.size());
        assertThat(count(output, "draining: not ready")).as("drain start logged once").isEqualTo(1);
        assertThat(count(output, "batch streams hand back")).as("hand-back logged once").isEqualTo(1);
        assertThat(count(output, "drained in") + count(output, "drain timed out")).as("drain end logged once")
                .isEqualTo(1);
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    private static Process startServerProcess(Path config, int port, Path log) throws IOException {
        return ServeProcess.start(config, port, "512m", log, ProcessBuilder.Redirect.to(log.toFile()),
                Duration.ofSeconds(90));
    }
}
