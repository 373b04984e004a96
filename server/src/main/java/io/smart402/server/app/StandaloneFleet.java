package io.smart402.server.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.smart402.core.redis.LocalRedis;
import io.smart402.server.config.ServerConfig;
import io.smart402.shard.topology.NodeAddress;
import io.smart402.shard.topology.Shard;
import io.smart402.shard.topology.ShardTopology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code fleet} command: the embedded databases (and a Redis when asked) without a server, so that any number
 * of {@code serve} instances can share them through the config file it writes, as they would share real
 * databases. Start and close block (processes): call them from the main thread or a shutdown hook.
 */
public final class StandaloneFleet implements AutoCloseable {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

    private final Fleet fleet;
    private final LocalRedis redis;

    private StandaloneFleet(Fleet fleet, LocalRedis redis) {
        this.fleet = fleet;
        this.redis = redis;
    }

    /**
     * Starts the embedded fleet of {@code config} ({@code embedded.*}: shards, replicas, data directory) and, when
     * {@code withRedis}, a {@code redis-server} on a free loopback port (its work directory under the data
     * directory).
     */
    public static StandaloneFleet start(ServerConfig config, boolean withRedis) {
        if (!config.embeddedFleet()) {
            throw new IllegalArgumentException("'fleet' starts the embedded fleet, but the configuration names "
                    + "shards: drop 'shards' (the embedded fleet is set by embedded.shards, embedded.replicas, "
                    + "--data-dir)");
        }
        Fleet.requireEmbeddedIdle(config);
        Fleet fleet = Fleet.open(config);
        try {
            LocalRedis redis = withRedis ? LocalRedis.start(config.embedded().dataDir().resolve("redis")) : null;
            return new StandaloneFleet(fleet, redis);
        } catch (RuntimeException e) {
            fleet.close();
            throw e;
        }
    }

    public ShardTopology topology() {
        return fleet.topology();
    }

    /** {@code redis://127.0.0.1:port}, or null without Redis. */
    public String redisUri() {
        return redis == null ? null : redis.uri();
    }

    /** The topology, one line per shard and one for Redis, for people. */
    public String describe() {
        StringBuilder out = new StringBuilder();
        for (Shard shard : topology().shards()) {
            out.append(String.format("  %-10s primary %s", shard.id(), endpoint(shard.primary())));
            for (NodeAddress replica : shard.replicas()) {
                out.append("  replica ").append(endpoint(replica));
            }
            out.append('\n');
        }
        out.append(String.format("  %-10s %s%n", "redis", redis == null ? "none (start the fleet with --redis)"
                : redisUri()));
        return out.toString();
    }

    /**
     * The server configuration that points at this fleet: {@code base} (the fleet's own config file, or an empty
     * tree) with {@code shards} set to this fleet's nodes and, with Redis, the cache's L2 and invalidation and
     * the rate limiter on it ({@code ratelimit.backend: redis}), so every instance shares one limit.
     */
    public ObjectNode serverConfig(ObjectNode base) {
        ObjectNode config = base == null ? JsonNodeFactory.instance.objectNode() : base.deepCopy();
        config.remove("embedded");
        ArrayNode shards = config.putArray("shards");
        for (Shard shard : topology().shards()) {
            ObjectNode spec = shards.addObject();
            spec.put("id", shard.id());
            spec.set("primary", node(shard.primary()));
            ArrayNode replicas = spec.putArray("replicas");
            shard.replicas().forEach(replica -> replicas.add(node(replica)));
        }
        if (redis != null) {
            section(section(config, "cache"), "redis").put("uri", redisUri());
            ObjectNode ratelimit = section(config, "ratelimit");
            ratelimit.put("backend", "redis");
            section(ratelimit, "redis").put("uri", redisUri());
        }
        return config;
    }

    /**
     * Writes {@link #serverConfig} as YAML to {@code file}, with a header saying where it came from.
     *
     * @param baseFile the fleet's own {@code --config} file, whose other settings (keys, limits, …) the instances
     *                 get too; null for none
     */
    public void writeServerConfig(Path file, Path baseFile) {
        try {
            ObjectNode base = null;
            if (baseFile != null && YAML.readTree(baseFile.toFile()) instanceof ObjectNode tree) {
                base = tree;
            }
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, "# Written by 'smart402-server fleet': the shards" + (redis == null ? "" : " and Redis")
                    + " of a running fleet. Start instances with\n#   java -jar smart402-server.jar serve --config "
                    + file + " --port P\n" + YAML.writeValueAsString(serverConfig(base)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static ObjectNode node(NodeAddress address) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("host", address.host());
        node.put("port", address.port());
        node.put("database", address.database());
        node.put("user", address.user());
        if (address.password() != null && !address.password().isEmpty()) {
            node.put("password", address.password());
        }
        return node;
    }

    private static ObjectNode section(ObjectNode parent, String name) {
        return parent.get(name) instanceof ObjectNode existing ? existing : parent.putObject(name);
    }

    private static String endpoint(NodeAddress address) {
        return address.host() + ":" + address.port();
    }

    /** Stops Redis and every database node. */
    @Override
    public void close() {
        List<AutoCloseable> parts = new ArrayList<>();
        if (redis != null) {
            parts.add(redis);
        }
        parts.add(fleet);
        Closing.closeAll(parts);
    }
}
