package io.smart402.server.gateway;

import io.smart402.server.ServeProcess;
import io.smart402.core.process.FreePorts;
import io.smart402.server.TestServer;
import io.smart402.server.app.GatewayServer;
import io.smart402.server.app.Smart402Server;
import io.smart402.server.config.ConfigLoader;
import io.smart402.shard.launcher.LocalPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Real parts for gateway tests: two PostgreSQL shards (no replicas: the gateway, not replication, is under
 * test), {@code serve} instances sharing them (in this JVM, or as separate processes to kill), and gateways in
 * front of them.
 */
final class GatewayFleet implements AutoCloseable {

    private final LocalPostgres pg;
    private final List<AutoCloseable> started = new ArrayList<>();

    GatewayFleet() {
        this.pg = LocalPostgres.start(Path.of("target", "gateway-fleet").toAbsolutePath(),
                List.of("shard_0-primary", "shard_1-primary"),
                Map.of("fsync", "off", "max_connections", "80", "shared_buffers", "16MB"));
    }

    String shardsConfig() {
        StringBuilder out = new StringBuilder("[");
        for (int s = 0; s < 2; s++) {
            LocalPostgres.Node n = pg.node("shard_" + s + "-primary");
            out.append(s > 0 ? ", " : "").append("{id: shard_").append(s).append(", primary: {host: ")
                    .append(n.host()).append(", port: ").append(n.port()).append(", database: ")
                    .append(n.database()).append(", user: ").append(n.user()).append("}}");
        }
        return out.append("]").toString();
    }

    /** A serve instance in this JVM on a free port (closed with the fleet). */
    Smart402Server serve() {
        Smart402Server server = TestServer.start(List.of("shards=" + shardsConfig(), "store.pool-max-size=4",
                "cache.warming.enabled=false"));
        started.add(server);
        return server;
    }

    /** A gateway in this JVM with the test keys and {@code overrides} (closed with the fleet). */
    GatewayServer gateway(List<String> backends, String... overrides) {
        List<String> all = new ArrayList<>(List.of(
                "gateway.port=0",
                "gateway.backends=" + backends.stream().map(b -> "\"" + b + "\"").toList(),
                // The default checks: a serve busy with a 200,000-line batch on two shared cores may take over
                // 400 ms to answer /ready, and three such misses took a live backend out. A dead backend is still
                // out at once: its first refused connect ejects it. Lingering: a refused 5 MB upload's forwarding
                // must end within it for the client to get the status, so it is not what a loaded machine decides.
                "gateway.health.interval=2s", "gateway.health.timeout=1s", "server.lingering.timeout=30s",
                "auth.keys=[{key: " + TestServer.ADMIN_KEY + ", client: ops, role: admin}, {key: "
                        + TestServer.CLIENT_KEY + ", client: tester, role: client}]"));
        all.addAll(List.of(overrides));
        GatewayServer gateway = GatewayServer.start(ConfigLoader.load(null, Map.of(), all));
        started.add(gateway);
        return gateway;
    }

    /** A config file for serve processes on this fleet's shards (the test client key, no rate limit). */
    Path serveConfig() throws IOException {
        return Files.writeString(Files.createTempFile(Path.of("target"), "gateway-serve", ".yaml"),
                "shards: " + shardsConfig() + "\nstore: {pool-max-size: 4}\ncache: {warming: {enabled: false}}\n"
                        + "auth: {keys: [{key: " + TestServer.CLIENT_KEY + ", client: tester, role: client}]}\n"
                        + "ratelimit: {enabled: false}\n").toAbsolutePath();
    }

    /** A serve instance as a process of its own, to kill -9 (the caller destroys it). */
    Process serveProcess(int port) throws IOException {
        Path config = serveConfig();
        Path log = Path.of("target", "gateway-serve-" + port + ".log").toAbsolutePath();
        return ServeProcess.start(config, port, "256m", log, ProcessBuilder.Redirect.appendTo(log.toFile()),
                Duration.ofSeconds(120));
    }

    static int freePort() {
        return FreePorts.any();
    }

    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                // keep closing the rest
            }
        }
        pg.close();
    }
}
