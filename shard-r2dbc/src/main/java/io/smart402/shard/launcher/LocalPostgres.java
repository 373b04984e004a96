package io.smart402.shard.launcher;

import io.smart402.shard.topology.NodeAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Runs real PostgreSQL servers on this machine, one per named node in {@code <dataDir>/<name>}, for the server's
 * embedded default and every module's tests.
 *
 * <p>Every method blocks on operating-system processes: call it from a thread that may block (main, a test thread,
 * {@code Schedulers.boundedElastic()}), never from an event loop or a parallel scheduler. The caller owns the
 * instance and must close it; nothing is registered globally, so an unclosed one leaves its servers running.
 */
public final class LocalPostgres implements AutoCloseable {

    public static final String DEFAULT_DATABASE = "smart402";
    public static final String DEFAULT_RUN_AS_USER = "postgres";
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(60);

    // Node names become directory names; keep them to characters no shell or file system mistreats.
    private static final Pattern NODE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
    private static final Pattern SETTING_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");
    private static final Set<String> OWNED_SETTINGS = Set.of("port", "listen_addresses", "unix_socket_directories");

    private final Map<String, PostgresServer> servers;
    private final String database;
    private final int parallelism;
    private volatile boolean closed;

    private LocalPostgres(Map<String, PostgresServer> servers, String database, int parallelism) {
        this.servers = servers;
        this.database = database;
        this.parallelism = parallelism;
    }

    /** How to reach one node; {@code dataDir} is the node's own PostgreSQL data directory. */
    public record Node(String name, String host, int port, String database, String user, Path dataDir) {

        /** An R2DBC URL for this node, e.g. {@code r2dbc:postgresql://postgres@127.0.0.1:5433/smart402}. */
        public String r2dbcUrl() {
            return "r2dbc:postgresql://" + user + "@" + host + ":" + port + "/" + database;
        }

        /** This node as the store addresses it (a local node trusts its user: no password). */
        public NodeAddress address() {
            return new NodeAddress(name, host, port, database, user, "");
        }
    }

    /**
     * Starts the named nodes under {@code dataDir} with extra postgresql.conf {@code settings}, other options
     * default: each listens on 127.0.0.1 only with trust authentication, superuser {@code postgres}, database
     * {@value #DEFAULT_DATABASE}. A directory that already holds a cluster keeps its data and, when free, its
     * previous port. Under a root JVM the servers run as user {@value #DEFAULT_RUN_AS_USER}.
     */
    public static LocalPostgres start(Path dataDir, List<String> nodeNames, Map<String, String> settings) {
        return builder(dataDir).nodes(nodeNames).settings(settings).start();
    }

    /** Starts describing a launch whose nodes live under {@code dataDir}. */
    public static Builder builder(Path dataDir) {
        return new Builder(dataDir);
    }

    /** Every node in the order given at start, with its current port. */
    public List<Node> nodes() {
        return servers.values().stream().map(this::describe).toList();
    }

    /** The node called {@code name}. */
    public Node node(String name) {
        return describe(server(name));
    }

    /** SIGKILLs the node's postmaster, as a crash would; its clients' connections break. */
    public void kill(String name) {
        open().server(name).kill();
    }

    /**
     * Freezes the node (SIGSTOP to the postmaster and its backends): connections stay open and nothing answers,
     * like a hung host. {@link #thaw} resumes it; {@link #kill} and {@link #restart} work on a frozen node too.
     */
    public void freeze(String name) {
        open().server(name).freeze();
    }

    /** Resumes a node {@link #freeze frozen} before (SIGCONT); a no-op on a running one. */
    public void thaw(String name) {
        open().server(name).thaw();
    }

    /** Stops the node cleanly ({@code pg_ctl stop -m fast}). */
    public void stop(String name) {
        open().server(name).stop();
    }

    /**
     * Starts the node again after {@link #kill} or {@link #stop} (stopping it first if it runs), on the same port
     * when that is free, and returns once it accepts connections, crash recovery included.
     */
    public void restart(String name) {
        PostgresServer server = open().server(name);
        server.stop();
        server.start();
    }

    /** Whether the node's server is up. */
    public boolean isRunning(String name) {
        return server(name).isRunning();
    }

    /** Stops every running node cleanly; the data stays for the next start. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        forEachParallel(servers.values(), PostgresServer::stop, parallelism);
    }

    private Node describe(PostgresServer s) {
        return new Node(s.name(), PostgresServer.HOST, s.port(), database, PostgresServer.SUPERUSER, s.dir());
    }

    private PostgresServer server(String name) {
        PostgresServer s = servers.get(name);
        if (s == null) {
            throw new IllegalArgumentException("unknown node '" + name + "'; nodes are " + servers.keySet());
        }
        return s;
    }

    private LocalPostgres open() {
        if (closed) {
            throw new IllegalStateException("this LocalPostgres is closed; start a new one on the same directory");
        }
        return this;
    }

    /** Runs {@code action} on every server on up to {@code threads} threads; the first failure is rethrown. */
    private static void forEachParallel(Collection<PostgresServer> all, Consumer<PostgresServer> action, int threads) {
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, all.size())), r -> {
            Thread t = new Thread(r, "local-postgres-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            all.forEach(s -> futures.add(pool.submit(() -> action.accept(s))));
            RuntimeException failure = null;
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    RuntimeException cause = e.getCause() instanceof RuntimeException re
                            ? re : new LocalPostgresException(e.getCause().toString(), e.getCause());
                    if (failure == null) {
                        failure = cause;
                    } else {
                        failure.addSuppressed(cause);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new LocalPostgresException("interrupted while waiting for PostgreSQL nodes", e);
                }
            }
            if (failure != null) {
                throw failure;
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Collects a launch description and refuses nonsense at the call that sets it. */
    public static final class Builder {

        private final Path dataDir;
        private final List<String> nodes = new ArrayList<>();
        private final Map<String, String> settings = new LinkedHashMap<>();
        private String database = DEFAULT_DATABASE;
        private String runAsUser = DEFAULT_RUN_AS_USER;
        private Path binDir;
        private Duration startTimeout = DEFAULT_START_TIMEOUT;
        private int parallelism = Math.max(2, Runtime.getRuntime().availableProcessors());

        private Builder(Path dataDir) {
            this.dataDir = Objects.requireNonNull(dataDir, "dataDir").toAbsolutePath().normalize();
        }

        /** Adds a node; its data directory is {@code <dataDir>/<name>}. */
        public Builder node(String name) {
            Objects.requireNonNull(name, "node name");
            if (!NODE_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("node name '" + name + "' must match " + NODE_NAME.pattern());
            }
            if (nodes.contains(name)) {
                throw new IllegalArgumentException("duplicate node '" + name + "'");
            }
            nodes.add(name);
            return this;
        }

        public Builder nodes(List<String> names) {
            Objects.requireNonNull(names, "nodes").forEach(this::node);
            return this;
        }

        /** A postgresql.conf setting for every node, such as {@code fsync=off} or {@code max_connections=200}. */
        public Builder setting(String name, String value) {
            Objects.requireNonNull(name, "setting name");
            Objects.requireNonNull(value, "value of setting " + name);
            if (!SETTING_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("setting name '" + name + "' is not a PostgreSQL parameter name");
            }
            if (OWNED_SETTINGS.contains(name)) {
                throw new IllegalArgumentException("setting '" + name + "' is chosen by the launcher ("
                        + OWNED_SETTINGS + ") and cannot be overridden");
            }
            settings.put(name, value);
            return this;
        }

        public Builder settings(Map<String, String> all) {
            Objects.requireNonNull(all, "settings").forEach(this::setting);
            return this;
        }

        /** The database created on every node if missing (default {@value LocalPostgres#DEFAULT_DATABASE}). */
        public Builder database(String name) {
            if (Objects.requireNonNull(name, "database").isEmpty()) {
                throw new IllegalArgumentException("database must not be empty");
            }
            this.database = name;
            return this;
        }

        /** The user the servers run as when the JVM is root (default {@value LocalPostgres#DEFAULT_RUN_AS_USER}). */
        public Builder runAsUser(String user) {
            if (Objects.requireNonNull(user, "runAsUser").isEmpty() || user.equals("root")) {
                throw new IllegalArgumentException("runAsUser must name an unprivileged user, was '" + user + "'");
            }
            this.runAsUser = user;
            return this;
        }

        /** Uses the PostgreSQL programs in {@code dir} instead of searching PATH and the usual places. */
        public Builder binDir(Path dir) {
            this.binDir = Objects.requireNonNull(dir, "binDir");
            return this;
        }

        /** How long one node may take to accept connections, crash recovery included (default 60 s). */
        public Builder startTimeout(Duration timeout) {
            if (Objects.requireNonNull(timeout, "startTimeout").isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("startTimeout must be positive, was " + timeout);
            }
            this.startTimeout = timeout;
            return this;
        }

        /** How many nodes start or stop at once (default: the number of processors, at least 2). */
        public Builder parallelism(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("parallelism must be >= 1, was " + threads);
            }
            this.parallelism = threads;
            return this;
        }

        /** Initialises missing clusters, starts every node and waits until all accept connections. */
        public LocalPostgres start() {
            if (nodes.isEmpty()) {
                throw new IllegalStateException("no nodes: add at least one with node(name)");
            }
            PostgresBinaries bin = binDir != null ? PostgresBinaries.in(binDir) : PostgresBinaries.locate();
            RunAs runAs = RunAs.detect(runAsUser);
            createDataDir(runAs);
            runAs.requireReachable(dataDir);

            PortAllocator ports = new PortAllocator();
            Map<String, PostgresServer> servers = new LinkedHashMap<>();
            for (String name : nodes) {
                servers.put(name, new PostgresServer(name, dataDir.resolve(name), bin, runAs, ports, settings,
                        database, startTimeout));
            }
            LocalPostgres launched = new LocalPostgres(servers, database, parallelism);
            try {
                initialiseMissing(servers.values(), parallelism);
                forEachParallel(servers.values(), PostgresServer::start, parallelism);
            } catch (RuntimeException e) {
                try {
                    launched.close();
                } catch (RuntimeException stopFailure) {
                    e.addSuppressed(stopFailure);
                }
                throw e;
            }
            return launched;
        }

        // initdb costs seconds of CPU per node; one initdb copied to the other new nodes costs a fraction of that.
        private static void initialiseMissing(Collection<PostgresServer> all, int parallelism) {
            List<PostgresServer> fresh = all.stream().filter(s -> !s.initialised()).toList();
            if (fresh.isEmpty()) {
                return;
            }
            PostgresServer seed = fresh.get(0);
            seed.initialise();
            forEachParallel(fresh.subList(1, fresh.size()), s -> s.initialiseAsCopyOf(seed), parallelism);
        }

        private void createDataDir(RunAs runAs) {
            try {
                Path existing = dataDir;
                while (existing != null && !Files.exists(existing)) {
                    existing = existing.getParent();
                }
                Files.createDirectories(dataDir);
                if (runAs.user().isEmpty() || existing == null) {
                    return;
                }
                // Directories we just made must let the unprivileged user pass, whatever the umask; directories
                // that already existed are the caller's and are only checked, never changed.
                for (Path p = dataDir; p != null && !p.equals(existing); p = p.getParent()) {
                    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
                    perms.add(PosixFilePermission.GROUP_EXECUTE);
                    perms.add(PosixFilePermission.OTHERS_EXECUTE);
                    Files.setPosixFilePermissions(p, perms);
                }
            } catch (IOException e) {
                throw new LocalPostgresException("could not create data directory " + dataDir + ": " + e, e);
            }
        }
    }
}
