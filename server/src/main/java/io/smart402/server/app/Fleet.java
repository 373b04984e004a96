package io.smart402.server.app;

import io.smart402.server.config.ServerConfig;
import io.smart402.shard.launcher.LocalPostgres;
import io.smart402.shard.topology.NodeAddress;
import io.smart402.shard.topology.Shard;
import io.smart402.shard.topology.ShardTopology;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The database fleet the server talks to: configured shards, or the embedded local one it starts. */
final class Fleet implements AutoCloseable {

    private final ShardTopology topology;
    private final LocalPostgres embedded;

    private Fleet(ShardTopology topology, LocalPostgres embedded) {
        this.topology = topology;
        this.embedded = embedded;
    }

    /** Starts the embedded fleet when no shards are configured (blocking: call at start-up). */
    static Fleet open(ServerConfig config) {
        if (!config.embeddedFleet()) {
            List<Shard> shards = new ArrayList<>();
            for (ServerConfig.ShardSpec spec : config.shards()) {
                List<NodeAddress> replicas = new ArrayList<>();
                for (int r = 0; r < spec.replicas().size(); r++) {
                    replicas.add(address(spec.id() + "-replica" + (r + 1), spec.replicas().get(r)));
                }
                shards.add(new Shard(spec.id(), address(spec.id() + "-primary", spec.primary()), replicas));
            }
            return new Fleet(new ShardTopology(shards), null);
        }
        ServerConfig.Embedded e = config.embedded();
        List<String> names = new ArrayList<>();
        for (int s = 0; s < e.shards(); s++) {
            names.add(nodeName(s, 0));
            for (int r = 1; r <= e.replicas(); r++) {
                names.add(nodeName(s, r));
            }
        }
        LocalPostgres pg = LocalPostgres.start(e.dataDir(), names, e.settings());
        List<Shard> shards = new ArrayList<>();
        for (int s = 0; s < e.shards(); s++) {
            List<NodeAddress> replicas = new ArrayList<>();
            for (int r = 1; r <= e.replicas(); r++) {
                replicas.add(pg.node(nodeName(s, r)).address());
            }
            shards.add(new Shard(shardIds(config).get(s), pg.node(nodeName(s, 0)).address(), replicas));
        }
        return new Fleet(new ShardTopology(shards), pg);
    }

    /** The shard ids {@link #open} will produce, known before any node starts (to validate placement early). */
    static List<String> shardIds(ServerConfig config) {
        if (!config.embeddedFleet()) {
            return config.shards().stream().map(ServerConfig.ShardSpec::id).toList();
        }
        List<String> ids = new ArrayList<>();
        for (int s = 0; s < config.embedded().shards(); s++) {
            ids.add("shard_" + s);
        }
        return ids;
    }

    /**
     * Refuses to go on when a node of the embedded fleet is already running under another process (a serving
     * server): the launcher would take the node over and stop it on exit, pulling it from under that server.
     */
    static void requireEmbeddedIdle(ServerConfig config) {
        if (!config.embeddedFleet()) {
            return;
        }
        ServerConfig.Embedded e = config.embedded();
        for (int s = 0; s < e.shards(); s++) {
            for (int r = 0; r <= e.replicas(); r++) {
                Path lock = e.dataDir().resolve(nodeName(s, r)).resolve("postmaster.pid");
                try {
                    if (!Files.isRegularFile(lock)) {
                        continue;
                    }
                    List<String> lines = Files.readAllLines(lock);
                    if (!lines.isEmpty() && ProcessHandle.of(Long.parseLong(lines.get(0).strip()))
                            .filter(ProcessHandle::isAlive).isPresent()) {
                        throw new IllegalStateException("the embedded fleet in " + e.dataDir() + " is in use (node "
                                + nodeName(s, r) + ", pid " + lines.get(0).strip() + "), probably by a running "
                                + "'serve' or 'fleet': use POST /admin/repair on a server, or the config file "
                                + "the fleet wrote, or stop it first");
                    }
                } catch (IOException | NumberFormatException ignored) {
                    // An unreadable or half-written lock file is the launcher's business when it starts the node.
                }
            }
        }
    }

    /** Node names of the embedded fleet: {@code shard_0-primary}, {@code shard_0-replica1}, … */
    static String nodeName(int shard, int replica) {
        return "shard_" + shard + (replica == 0 ? "-primary" : "-replica" + replica);
    }

    private static NodeAddress address(String name, ServerConfig.NodeSpec spec) {
        return new NodeAddress(name, spec.host(), spec.port(), spec.database(), spec.user(), spec.password());
    }

    ShardTopology topology() {
        return topology;
    }

    /** The embedded launcher, or null when the shards are external. */
    LocalPostgres embedded() {
        return embedded;
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }
}
