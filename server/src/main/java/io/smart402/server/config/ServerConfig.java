package io.smart402.server.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.smart402.core.contract.ContractLimits;
import io.smart402.core.pipeline.ContractPipeline;
import io.smart402.server.auth.ApiKeys;
import io.smart402.shard.routing.RangeStrategy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The whole configuration, immutable, loaded once by {@link ConfigLoader}. Each component is a top-level
 * section of {@code defaults.yaml}, bound by Jackson under the same kebab-case names, and validated by the
 * records' compact constructors; the runtime views ({@link #limits()}, {@link #admission()},
 * {@link #placement()}, …) are derived from the sections.
 */
public record ServerConfig(Http server, Auth auth, Pipeline pipeline, @JsonProperty("limits") Limits contractLimits,
                           StoreConfig store, List<ShardSpec> shards, Embedded embedded, Query query, Repair repair,
                           AdmissionConfig.RateLimit ratelimit, AdmissionConfig.Retry retry,
                           AdmissionConfig.Prioritization priority, AdmissionConfig.DeadLetters deadLetters,
                           CacheConfig cache, LoggingConfig logging, DashboardConfig dashboard,
                           GatewayConfig gateway, Feed feed, AutoscalerConfig autoscaler) {

    public ServerConfig {
        Check.required("server", server);
        Check.required("auth", auth);
        Check.required("pipeline", pipeline);
        Check.required("limits", contractLimits);
        Check.required("store", store);
        shards = List.copyOf(Check.required("shards", shards));
        Check.required("embedded", embedded);
        Check.required("query", query);
        Check.required("repair", repair);
        Check.required("ratelimit", ratelimit);
        Check.required("retry", retry);
        Check.required("priority", priority);
        Check.required("dead-letters", deadLetters);
        Check.required("cache", cache);
        Check.required("logging", logging);
        Check.required("dashboard", dashboard);
        Check.required("gateway", gateway);
        Check.required("feed", feed);
        Check.required("autoscaler", autoscaler);
        requireKeysOffLoopback(server.host(), auth.keys());
    }

    /** The configured API keys ({@code auth.keys}). */
    public List<ApiKeys.KeySpec> keys() {
        return auth.keys();
    }

    /** Limits on one contract; its size limit is {@code server.max-body-bytes}. */
    public ContractLimits limits() {
        return contractLimits.withMaxBytes(server.maxBodyBytes());
    }

    /** {@code ratelimit}, {@code retry}, {@code priority} and {@code dead-letters} together. */
    public AdmissionConfig admission() {
        return new AdmissionConfig(ratelimit, retry, priority, deadLetters);
    }

    /** How ids are placed on shards (the placement keys of {@code store}). */
    public Placement placement() {
        return store.placement();
    }

    /** Whether the embedded local fleet is used. */
    public boolean embeddedFleet() {
        return shards.isEmpty();
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

    /**
     * HTTP front end settings.
     *
     * @param drainTimeout how long a stopping instance (SIGTERM, Ctrl-C) waits for requests in flight; batch
     *                     streams hand back what they have not started at 80% of it
     * @param nodeId       this instance's id in the versions it writes (0–255, distinct per instance on one
     *                     fleet); -1 derives it from the HTTP port (port mod 256; random for port 0)
     */
    public record Http(String host, int port, int maxBodyBytes, long maxBatchBytes, int maxBatchItems,
                       int maxHeaderBytes, Duration idleTimeout, int batchConcurrency, Duration drainTimeout,
                       int nodeId, Lingering lingering) {
        public Http {
            Check.text("host", host);
            Check.range("port", port, 0, 65535);
            Check.range("max-body-bytes", maxBodyBytes, 1, Integer.MAX_VALUE);
            Check.atLeast("max-batch-bytes", maxBatchBytes, 1);
            Check.range("max-batch-items", maxBatchItems, 1, Integer.MAX_VALUE);
            Check.range("max-header-bytes", maxHeaderBytes, 1024, 1 << 20);
            Check.positive("idle-timeout", idleTimeout);
            Check.range("batch-concurrency", batchConcurrency, 1, 4096);
            Check.positive("drain-timeout", drainTimeout);
            Check.range("node-id", nodeId, -1, 255);
            Check.required("lingering", lingering);
        }
    }

    /**
     * Lingering close (nginx's {@code lingering_close}): after refusing a request before reading its body (413,
     * 401, 429, …) the server answers, then reads and discards what the client still sends for at most
     * {@code timeout} and {@code maxBytes} before it closes the connection, so a client that writes its whole body
     * before reading gets the answer instead of a connection reset.
     */
    public record Lingering(Duration timeout, long maxBytes) {
        public Lingering {
            Check.required("timeout", timeout);
            Check.atLeast("max-bytes", maxBytes, 0);
        }
    }

    /** Who may call: {@code keys} are kept as SHA-256 hashes by {@link ApiKeys}. */
    public record Auth(List<ApiKeys.KeySpec> keys) {
        public Auth {
            keys = List.copyOf(Check.required("keys", keys));
        }
    }

    /**
     * Pipeline settings; {@code concurrency} 0 means 2 × cores. It is the phases' in-flight limit, fixed or (with
     * {@code limit.mode: adaptive}) the start of an adaptive one.
     */
    public record Pipeline(int concurrency, ContractPipeline.Order order, LimitSpec limit) {
        public Pipeline {
            Check.range("concurrency", concurrency, 0, 4096);
            Check.required("order", order);
            Check.required("limit", limit);
        }

        /** {@code concurrency}, with 0 resolved to 2 × cores. */
        public int resolvedConcurrency() {
            return concurrency > 0 ? concurrency : 2 * Runtime.getRuntime().availableProcessors();
        }
    }

    /** The {@code limits} section: {@link ContractLimits} less its size, which is {@code server.max-body-bytes}. */
    public record Limits(int maxDepth, int maxArrayItems, int maxStringLength) {
        public Limits {
            Check.range("max-depth", maxDepth, 2, 1000);
            Check.range("max-array-items", maxArrayItems, 2, 1_000_000);
            Check.range("max-string-length", maxStringLength, 1, Integer.MAX_VALUE);
        }

        ContractLimits withMaxBytes(int maxBytes) {
            return new ContractLimits(maxBytes, maxDepth, maxArrayItems, maxStringLength);
        }
    }

    /** One configured shard. */
    public record ShardSpec(String id, NodeSpec primary, List<NodeSpec> replicas) {
        public ShardSpec {
            Check.text("id", id);
            Check.required("primary", primary);
            replicas = replicas == null ? List.of() : List.copyOf(replicas);
        }
    }

    /**
     * One configured node; what it leaves out is port 5432, database smart402, user postgres, no password.
     * {@code password-file} reads the password from a file instead (a mounted Docker or Kubernetes secret;
     * one trailing line break dropped), so a config file can name every node without holding a secret.
     */
    public record NodeSpec(String host, Integer port, String database, String user, String password,
                           Path passwordFile) {
        public NodeSpec {
            Check.text("host", host);
            port = Check.range("port", port == null ? 5432 : port, 1, 65535);
            database = database == null ? "smart402" : database;
            user = user == null ? "postgres" : user;
            if (passwordFile != null && password != null && !password.isEmpty()) {
                throw Invalid.of("password-file", "and password are both set: use one");
            }
            password = passwordFile == null ? (password == null ? "" : password) : readPassword(passwordFile);
        }

        /** Start-up only: the configuration is loaded before anything runs on a non-blocking thread. */
        private static String readPassword(Path file) {
            try {
                String text = java.nio.file.Files.readString(file);
                return text.endsWith("\n") ? text.substring(0, text.length() - (text.endsWith("\r\n") ? 2 : 1)) : text;
            } catch (java.io.IOException e) {
                throw Invalid.of("password-file", "cannot be read: " + e);
            }
        }
    }

    /** The embedded local fleet used when no shards are configured. */
    public record Embedded(Path dataDir, int shards, int replicas, Map<String, String> settings) {
        public Embedded {
            Check.required("data-dir", dataDir);
            Check.range("shards", shards, 1, 64);
            Check.range("replicas", replicas, 0, 8);
            settings = settings == null ? Map.of() : Map.copyOf(settings);
        }
    }

    /**
     * How ids are placed on shards ({@code store.strategy} and its options).
     *
     * @param strategy          consistent-hash, hash, range or directory
     * @param ranges            the {@code range} strategy's ranges (validated: they cover every key once)
     * @param directoryFallback the {@code directory} strategy's fallback: consistent-hash, hash or range
     * @param directoryRefresh  how often the directory table is reloaded
     */
    public record Placement(String strategy, List<RangeStrategy.Range> ranges, String directoryFallback,
                            Duration directoryRefresh) {
    }

    /** {@code GET /contracts} scatter-gather listing. */
    public record Query(int defaultLimit, int maxLimit, int fanOut, Duration nodeTimeout) {
        public Query {
            Check.range("default-limit", defaultLimit, 1, 100_000);
            Check.range("max-limit", maxLimit, 1, 100_000);
            Check.range("fan-out", fanOut, 1, 1024);
            Check.positive("node-timeout", nodeTimeout);
            if (defaultLimit > maxLimit) {
                throw new ConfigException("'query.default-limit' (" + defaultLimit
                        + ") must not exceed 'query.max-limit' (" + maxLimit + ")");
            }
        }
    }

    /**
     * {@code GET /contracts/changes}, the change feed.
     *
     * @param heartbeat                 an SSE comment (NDJSON: a heartbeat line) this often on an idle feed
     * @param retry                     the SSE {@code retry:} hint: how long a client waits before reconnecting
     * @param pollInterval              each feed re-reads its shards at least this often, besides the wake-ups the
     *                                  primaries' notifications give (bounds the delay when one is lost)
     * @param pageSize                  changes read from one shard at once (bounds a feed's memory)
     * @param maxSubscribersPerClient   feeds one client may hold open at once
     * @param maxSubscribers            feeds this server holds open at once
     * @param cursorSecret              HMAC key of the resume cursors; every instance that should accept the
     *                                  others' cursors needs the same one (empty: a built-in key)
     */
    public record Feed(Duration heartbeat, Duration retry, Duration pollInterval, int pageSize,
                       int maxSubscribersPerClient, int maxSubscribers, String cursorSecret) {
        public Feed {
            Check.positive("heartbeat", heartbeat);
            Check.positive("retry", retry);
            Check.positive("poll-interval", pollInterval);
            Check.range("page-size", pageSize, 1, 10_000);
            Check.range("max-subscribers-per-client", maxSubscribersPerClient, 1, 1_000_000);
            Check.range("max-subscribers", maxSubscribers, 1, 1_000_000);
            cursorSecret = cursorSecret == null ? "" : cursorSecret;
            if (maxSubscribersPerClient > maxSubscribers) {
                throw new ConfigException("'feed.max-subscribers-per-client' (" + maxSubscribersPerClient
                        + ") must not exceed 'feed.max-subscribers' (" + maxSubscribers + ")");
            }
        }
    }

    /** Anti-entropy repair ({@code POST /admin/repair}, the {@code repair} command). */
    public record Repair(int chunkRows, Duration queryTimeout) {
        public Repair {
            Check.range("chunk-rows", chunkRows, 2, 100_000);
            Check.positive("query-timeout", queryTimeout);
        }
    }
}
