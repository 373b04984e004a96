package io.smart402.server.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.smart402.server.ServeProcess;
import io.smart402.core.process.FreePorts;
import io.smart402.server.app.Smart402Server;
import io.smart402.server.config.ConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Faults injected into real PostgreSQL nodes and into the server process while contracts stream in. The
 * promise under test: an acknowledged contract is never lost while one copy of its shard survives, and after
 * catch-up every copy holds the version it was acknowledged with.
 */
class ChaosTest {

    private static final int TOTAL = 20_000;
    private static ChaosFleet fleet;

    @BeforeAll
    static void startFleet() {
        fleet = new ChaosFleet(Path.of("target", "chaos-fleet").toAbsolutePath());
    }

    /** A test that failed half-way must not leave a node down for the next one. */
    @org.junit.jupiter.api.AfterEach
    void everyNodeRunning() {
        for (int s = 0; s < ChaosFleet.SHARDS; s++) {
            for (String node : List.of(ChaosFleet.primary(s), ChaosFleet.replica(s))) {
                if (!fleet.launcher().isRunning(node)) {
                    fleet.launcher().restart(node);
                }
            }
        }
    }

    @AfterAll
    static void stopFleet() {
        if (fleet != null) {
            fleet.close();
        }
    }

    private static Smart402Server server() {
        return Smart402Server.start(ConfigLoader.load(null, Map.of(), List.of(
                "server.port=0", "server.host=127.0.0.1", "shards=" + fleet.shardsConfig())),
                io.smart402.core.phase.Phases.standard());
    }

    @Test
    void primaryKilledMidStreamLosesNothing() throws Exception {
        try (Smart402Server server = server()) {
            AckStream stream = new AckStream().start("http://127.0.0.1:" + server.port(), "chaos-a-" + System.nanoTime() + "-", TOTAL);
            stream.awaitAcks(5_000, Duration.ofMinutes(2));
            fleet.launcher().kill(ChaosFleet.primary(0));
            stream.awaitAcks(12_000, Duration.ofMinutes(2));
            fleet.launcher().restart(ChaosFleet.primary(0));
            stream.awaitDone(Duration.ofMinutes(3));
            assertThat(stream.error()).isNull();
            long replayedBefore = server.store().replayedRows();
            awaitCatchUp();
            report("(a) primary shard_0 killed", stream, server.store().replayedRows(), server.store().failoverWrites());
            assertThat(server.store().failoverWrites()).as("writes failed over to the replica").isPositive();
            assertThat(replayedBefore + server.store().replayedRows()).isPositive();
        }
    }

    @Test
    void replicaKilledMidStreamLosesNothing() throws Exception {
        try (Smart402Server server = server()) {
            AckStream stream = new AckStream().start("http://127.0.0.1:" + server.port(), "chaos-b-" + System.nanoTime() + "-", TOTAL);
            stream.awaitAcks(5_000, Duration.ofMinutes(2));
            fleet.launcher().kill(ChaosFleet.replica(1));
            stream.awaitAcks(12_000, Duration.ofMinutes(2));
            long owedWhileDown = fleet.outboxRows();
            fleet.launcher().restart(ChaosFleet.replica(1));
            stream.awaitDone(Duration.ofMinutes(3));
            assertThat(stream.error()).isNull();
            awaitCatchUp();
            report("(b) replica shard_1 killed", stream, server.store().replayedRows(), server.store().failoverWrites());
            assertThat(owedWhileDown).as("copies owed to the dead replica were kept in the outbox").isPositive();
            assertThat(server.store().replayedRows()).isPositive();
        }
    }

    @Test
    void serverKilledMidStreamIsCaughtUpByOutboxReplayAfterRestart() throws Exception {
        Path config = Files.writeString(Path.of("target", "chaos-server.yaml").toAbsolutePath(),
                "server:\n  host: 127.0.0.1\nstore:\n  replica-concurrency: 1\nshards: " + fleet.shardsConfig() + "\n");
        int port = FreePorts.any();
        Process server = startServerProcess(config, port);
        AckStream stream;
        long owedAtCrash;
        try {
            stream = new AckStream().start("http://127.0.0.1:" + port, "chaos-c-" + System.nanoTime() + "-", TOTAL);
            stream.awaitAcks(8_000, Duration.ofMinutes(2));
            server.destroyForcibly().waitFor();
            owedAtCrash = fleet.outboxRows();
            stream.awaitDone(Duration.ofSeconds(30));
            stream.cancel();
        } finally {
            server.destroyForcibly();
        }
        Process restarted = startServerProcess(config, port);
        try {
            awaitCatchUp();
        } finally {
            restarted.destroy();
            restarted.waitFor();
        }
        report("(c) server process killed", stream, -1, -1);
        System.out.printf("(c) copies owed in outboxes right after the crash: %d%n", owedAtCrash);
        assertThat(stream.acked.size()).isGreaterThanOrEqualTo(8_000);
    }

    /** Waits until no node owes a copy, then checks every acknowledged contract on every copy. */
    private static void awaitCatchUp() {
        await().atMost(Duration.ofMinutes(2)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertThat(fleet.outboxRows()).as("copies still owed after catch-up").isZero());
    }

    private static void report(String scenario, AckStream stream, long replayed, long failovers) {
        Map<String, List<String>> idsByShard = new HashMap<>();
        stream.acked.forEach((id, ack) -> idsByShard.computeIfAbsent(ack.shard(), s -> new ArrayList<>()).add(id));
        long lost = 0;
        for (Map.Entry<String, List<String>> e : idsByShard.entrySet()) {
            int shard = Integer.parseInt(e.getKey().substring("shard_".length()));
            for (String node : List.of(ChaosFleet.primary(shard), ChaosFleet.replica(shard))) {
                Map<String, Long> stored = fleet.versions(node, e.getValue());
                for (String id : e.getValue()) {
                    Long version = stored.get(id);
                    if (version == null || version != stream.acked.get(id).version()) {
                        lost++;
                    }
                }
            }
        }
        System.out.printf("%s: acknowledged %d, problem events %d, lost copies %d, replayed %d, failover writes %d, repaired 0%n",
                scenario, stream.acked.size(), stream.problems.get(), lost, replayed, failovers);
        assertThat(lost).as("acknowledged copies lost or stale").isZero();
        assertThat(stream.acked).isNotEmpty();
    }

    private static Process startServerProcess(Path config, int port) throws IOException {
        Path log = Path.of("target", "chaos-server-" + port + ".log").toAbsolutePath();
        return ServeProcess.start(config, port, "512m", log, ProcessBuilder.Redirect.appendTo(log.toFile()),
                Duration.ofSeconds(90));
    }
}
