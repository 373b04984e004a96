package io.smart402.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.smart402.core.contract.ContractLimits;
import io.smart402.server.auth.ApiKeys;
import io.smart402.core.pipeline.ContractPipeline;
import io.smart402.shard.routing.RangeStrategy;
import io.smart402.shard.replication.ReplicationSettings;
import io.smart402.shard.store.StoreSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Binds the merged configuration tree to {@link ServerConfig}, with errors that name the key. */
final class ConfigBinder {

    private ConfigBinder() {
    }

    static ServerConfig bind(JsonNode t) {
        try {
            ServerConfig.Http http = new ServerConfig.Http(
                    text(t, "server.host"), intRange(t, "server.port", 0, 65535),
                    intRange(t, "server.max-body-bytes", 1, Integer.MAX_VALUE),
                    longMin(t, "server.max-batch-bytes", 1),
                    intRange(t, "server.max-batch-items", 1, Integer.MAX_VALUE),
                    intRange(t, "server.max-header-bytes", 1024, 1 << 20),
                    duration(t, "server.idle-timeout"),
                    intRange(t, "server.batch-concurrency", 1, 4096));
            ServerConfig.Pipeline pipeline = new ServerConfig.Pipeline(
                    intRange(t, "pipeline.concurrency", 0, 4096), order(t, "pipeline.order"));
            ContractLimits limits = new ContractLimits(http.maxBodyBytes(),
                    intRange(t, "limits.max-depth", 2, 1000), intRange(t, "limits.max-array-items", 2, 1_000_000),
                    intRange(t, "limits.max-string-length", 1, Integer.MAX_VALUE));
            StoreSettings settings = new StoreSettings(
                    intRange(t, "store.pool-initial-size", 0, 1000), intRange(t, "store.pool-max-size", 1, 1000),
                    duration(t, "store.acquire-timeout"), intRange(t, "store.batch-size", 1, 4096),
                    duration(t, "store.batch-window"), intRange(t, "store.replica-queue-batches", 1, 1 << 20),
                    intRange(t, "store.replica-concurrency", 1, 64), duration(t, "store.node-timeout"));
            ReplicationSettings replication = new ReplicationSettings(
                    oneOf(t, "store.write-failover", ReplicationSettings.WriteFailover.class),
                    oneOf(t, "store.read-preference", ReplicationSettings.ReadPreference.class),
                    duration(t, "store.health-interval"), duration(t, "store.replay-interval"),
                    intRange(t, "store.replay-batch-size", 1, 10_000), duration(t, "store.replay-min-age"));
            ServerConfig.Store store = new ServerConfig.Store(settings, replication,
                    intRange(t, "store.queue-per-shard", 1, 1 << 20));
            List<ServerConfig.ShardSpec> shards = shards(t.path("shards"));
            JsonNode e = t.path("embedded");
            Map<String, String> pgSettings = new LinkedHashMap<>();
            e.path("settings").fields().forEachRemaining(f -> pgSettings.put(f.getKey(), f.getValue().asText()));
            ServerConfig.Embedded embedded = new ServerConfig.Embedded(Path.of(text(t, "embedded.data-dir")),
                    intRange(t, "embedded.shards", 1, 64), intRange(t, "embedded.replicas", 0, 8),
                    Map.copyOf(pgSettings));
            ServerConfig.Query query = new ServerConfig.Query(intRange(t, "query.default-limit", 1, 100_000),
                    intRange(t, "query.max-limit", 1, 100_000), intRange(t, "query.fan-out", 1, 1024),
                    duration(t, "query.node-timeout"));
            if (query.defaultLimit() > query.maxLimit()) {
                throw new ConfigException("'query.default-limit' (" + query.defaultLimit()
                        + ") must not exceed 'query.max-limit' (" + query.maxLimit() + ")");
            }
            ServerConfig.Repair repair = new ServerConfig.Repair(intRange(t, "repair.chunk-rows", 2, 100_000),
                    duration(t, "repair.query-timeout"));
            List<ApiKeys.KeySpec> keys = keys(t.path("auth").path("keys"));
            requireKeysOffLoopback(http.host(), keys);
            return new ServerConfig(http, keys, pipeline, limits, store, shards, embedded,
                    placement(t), query, repair, AdmissionConfigBinder.bind(t), CacheConfigBinder.bind(t));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage(), e);
        }
    }

    private static ServerConfig.Placement placement(JsonNode t) {
        String strategy = oneOf(t, "store.strategy", List.of("consistent-hash", "hash", "range", "directory"));
        String fallback = oneOf(t, "store.directory.fallback", List.of("consistent-hash", "hash", "range"));
        Duration refresh = duration(t, "store.directory.refresh-interval");
        JsonNode list = t.path("store").path("range").path("ranges");
        String key = "store.range.ranges";
        if (!list.isArray()) {
            throw new ConfigException("'" + key + "' must be a list of {shard, from, to}");
        }
        List<RangeStrategy.Range> ranges = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode r = list.get(i);
            String at = key + "[" + i + "]";
            if (!r.isObject()) {
                throw new ConfigException("'" + at + "' must be a mapping {shard, from, to}");
            }
            r.fieldNames().forEachRemaining(f -> {
                if (!List.of("shard", "from", "to").contains(f)) {
                    throw new ConfigException("unknown configuration key '" + at + "." + f + "'");
                }
            });
            String shard = r.path("shard").asText("");
            if (shard.isEmpty()) {
                throw new ConfigException("'" + at + ".shard' is required");
            }
            JsonNode to = r.path("to");
            ranges.add(new RangeStrategy.Range(shard, r.path("from").asText(""),
                    to.isMissingNode() || to.isNull() ? null : to.asText()));
        }
        if (strategy.equals("range") || strategy.equals("directory") && fallback.equals("range")) {
            try {
                RangeStrategy.validate(ranges);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("'" + key + "': " + e.getMessage().replace("ranges[", key + "["), e);
            }
        }
        return new ServerConfig.Placement(strategy, List.copyOf(ranges), fallback, refresh);
    }

    private static String oneOf(JsonNode tree, String key, List<String> allowed) {
        String value = text(tree, key);
        if (!allowed.contains(value)) {
            throw new ConfigException("'" + key + "' must be one of " + String.join(", ", allowed) + ", was '"
                    + value + "'");
        }
        return value;
    }

    private static List<ServerConfig.ShardSpec> shards(JsonNode list) {
        if (!list.isArray()) {
            throw new ConfigException("'shards' must be a list");
        }
        List<ServerConfig.ShardSpec> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode s = list.get(i);
            String key = "shards[" + i + "]";
            String id = s.path("id").asText("");
            if (id.isEmpty()) {
                throw new ConfigException(key + ".id is required");
            }
            List<ServerConfig.NodeSpec> replicas = new ArrayList<>();
            for (int r = 0; r < s.path("replicas").size(); r++) {
                replicas.add(node(s.path("replicas").get(r), key + ".replicas[" + r + "]"));
            }
            out.add(new ServerConfig.ShardSpec(id, node(s.path("primary"), key + ".primary"), replicas));
        }
        return out;
    }

    private static List<ApiKeys.KeySpec> keys(JsonNode list) {
        if (!list.isArray()) {
            throw new ConfigException("'auth.keys' must be a list");
        }
        List<ApiKeys.KeySpec> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode k = list.get(i);
            String key = k.path("key").asText("");
            String client = k.path("client").asText("");
            String role = k.path("role").asText("client");
            if (key.isEmpty() || client.isEmpty()) {
                throw new ConfigException("auth.keys[" + i + "] needs key and client");
            }
            ApiKeys.Role parsed = switch (role) {
                case "client" -> ApiKeys.Role.CLIENT;
                case "admin" -> ApiKeys.Role.ADMIN;
                default -> throw new ConfigException("auth.keys[" + i + "].role must be client or admin, was '" + role + "'");
            };
            out.add(new ApiKeys.KeySpec(key, client, parsed));
        }
        return out;
    }

    /**
     * Without API keys every client endpoint is open, which is only safe when nobody else can connect: so
     * no keys is allowed on a loopback address only.
     */
    private static void requireKeysOffLoopback(String host, List<ApiKeys.KeySpec> keys) {
        if (!keys.isEmpty()) {
            return;
        }
        boolean loopback;
        try {
            loopback = java.net.InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            throw new ConfigException("'server.host' " + host + " does not resolve");
        }
        if (!loopback) {
            throw new ConfigException("'auth.keys' is empty but 'server.host' " + host + " is not a loopback address: "
                    + "configure API keys (auth.keys) or bind to 127.0.0.1");
        }
    }

    private static ServerConfig.NodeSpec node(JsonNode n, String key) {
        if (!n.isObject()) {
            throw new ConfigException(key + " must be a mapping with host, port, database, user");
        }
        String host = n.path("host").asText("");
        int port = n.path("port").asInt(5432);
        if (host.isEmpty()) {
            throw new ConfigException(key + ".host is required");
        }
        if (port < 1 || port > 65535) {
            throw new ConfigException(key + ".port must be 1..65535");
        }
        return new ServerConfig.NodeSpec(host, port, n.path("database").asText("smart402"),
                n.path("user").asText("postgres"), n.path("password").asText(""));
    }

    static JsonNode at(JsonNode tree, String key) {
        JsonNode node = tree;
        for (String part : key.split("\\.")) {
            node = node.path(part);
        }
        if (node.isMissingNode() || node.isNull()) {
            throw new ConfigException("'" + key + "' is required");
        }
        return node;
    }

    static String text(JsonNode tree, String key) {
        return at(tree, key).asText();
    }

    private static long number(JsonNode tree, String key) {
        JsonNode node = at(tree, key);
        if (node.isIntegralNumber()) {
            return node.longValue();
        }
        try {
            return Long.parseLong(node.asText().trim());
        } catch (NumberFormatException e) {
            throw new ConfigException("'" + key + "' must be an integer, was '" + node.asText() + "'");
        }
    }

    static int intRange(JsonNode tree, String key, int min, int max) {
        long value = number(tree, key);
        if (value < min || value > max) {
            throw new ConfigException("'" + key + "' must be between " + min + " and " + max + ", was " + value);
        }
        return (int) value;
    }

    static long longMin(JsonNode tree, String key, long min) {
        long value = number(tree, key);
        if (value < min) {
            throw new ConfigException("'" + key + "' must be at least " + min + ", was " + value);
        }
        return value;
    }

    static boolean bool(JsonNode tree, String key) {
        String v = text(tree, key).toLowerCase(Locale.ROOT);
        return switch (v) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigException("'" + key + "' must be true or false, was '" + v + "'");
        };
    }

    /** A duration that may be zero ({@code 0}, {@code 0s}, {@code 0ms}). */
    static Duration durationOrZero(JsonNode tree, String key) {
        String v = text(tree, key).trim();
        if (v.matches("0+(ms|s|m)?")) {
            return Duration.ZERO;
        }
        return duration(tree, key);
    }

    static Duration duration(JsonNode tree, String key) {
        String text = text(tree, key).trim().toLowerCase(Locale.ROOT);
        try {
            Duration d;
            if (text.endsWith("ms")) {
                d = Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
            } else if (text.endsWith("s")) {
                d = Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
            } else if (text.endsWith("m")) {
                d = Duration.ofMinutes(Long.parseLong(text.substring(0, text.length() - 1)));
            } else if (text.endsWith("h")) {
                d = Duration.ofHours(Long.parseLong(text.substring(0, text.length() - 1)));
            } else {
                d = Duration.parse(text.toUpperCase(Locale.ROOT));
            }
            if (d.isNegative() || d.isZero()) {
                throw new ConfigException("'" + key + "' must be positive, was '" + text + "'");
            }
            return d;
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new ConfigException("'" + key + "' must be a duration like 500ms, 5s, 2m, 1h or PT1S, was '" + text + "'");
        }
    }

    private static <E extends Enum<E>> E oneOf(JsonNode tree, String key, Class<E> type) {
        String value = text(tree, key);
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(value)) {
                return constant;
            }
        }
        throw new ConfigException("'" + key + "' must be one of "
                + java.util.Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT)).toList()
                + ", was '" + value + "'");
    }

    private static ContractPipeline.Order order(JsonNode tree, String key) {
        String value = text(tree, key);
        return switch (value) {
            case "completion" -> ContractPipeline.Order.COMPLETION;
            case "input" -> ContractPipeline.Order.INPUT;
            default -> throw new ConfigException("'" + key + "' must be completion or input, was '" + value + "'");
        };
    }
}
