package io.smart402.shard.launcher;

import io.smart402.core.process.ProcessControl;
import io.smart402.core.process.ReadinessWait;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** One local PostgreSQL server: initialise its cluster, start, stop and kill its process. Blocking. */
final class PostgresServer {

    static final String HOST = "127.0.0.1";
    static final String SUPERUSER = "postgres";

    private static final Set<String> READY = Set.of("ready", "standby");
    private static final long INITDB_TIMEOUT_SECONDS = 300;
    private static final long STOP_TIMEOUT_SECONDS = 60;
    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(10);
    private static final int START_ATTEMPTS = 3;

    private final String name;
    private final DataDirectory data;
    private final PostgresBinaries bin;
    private final RunAs runAs;
    private final PortAllocator ports;
    private final Map<String, String> settings;
    private final String database;
    private final Duration startTimeout;

    private Process process;
    private int port;

    PostgresServer(String name, Path dir, PostgresBinaries bin, RunAs runAs, PortAllocator ports,
            Map<String, String> settings, String database, Duration startTimeout) {
        this.name = name;
        this.data = new DataDirectory(name, dir, runAs);
        this.bin = bin;
        this.runAs = runAs;
        this.ports = ports;
        this.settings = Map.copyOf(settings);
        this.database = database;
        this.startTimeout = startTimeout;
    }

    String name() {
        return name;
    }

    Path dir() {
        return data.path();
    }

    synchronized int port() {
        return port;
    }

    /** Initialises the data directory if needed, starts the server and waits until it accepts connections. */
    synchronized void start() {
        if (isRunning()) {
            return;
        }
        initialise();
        clearLeftovers();
        int preferred = port != 0 ? port : data.rememberedPort();
        ports.release(port);
        port = bindSomePort(preferred);
        data.rememberPort(port);
        ensureDatabase();
    }

    /** Launches the server on {@code preferred} if free, else on another port; returns the port it listens on. */
    private int bindSomePort(int preferred) {
        for (int attempt = 1; ; attempt++) {
            int candidate = ports.allocate(attempt == 1 ? preferred : 0);
            try {
                launchAndAwaitReady(candidate);
                return candidate;
            } catch (PortTakenException e) {
                // Another process bound the port between our probe and PostgreSQL's bind; any port will do.
                ports.release(candidate);
                if (attempt == START_ATTEMPTS) {
                    throw new LocalPostgresException(e.getMessage());
                }
            } catch (RuntimeException e) {
                ports.release(candidate);
                throw e;
            }
        }
    }

    /** Shuts the server down with {@code pg_ctl stop -m fast} (clients are disconnected, data is checkpointed). */
    synchronized void stop() {
        if (!isRunning()) {
            return;
        }
        Processes.Result r = Processes.run(runAs.wrap(List.of(bin.pgCtl().toString(), "stop", "-D", dir().toString(),
                "-m", "fast", "-w", "-t", Long.toString(STOP_TIMEOUT_SECONDS))), dir().getParent(),
                STOP_TIMEOUT_SECONDS + 10, null);
        if (!r.ok()) {
            throw failure("could not be stopped: " + r.describe(), 0);
        }
        ProcessControl.awaitExit(process, EXIT_TIMEOUT);
    }

    /** Sends SIGKILL to the postmaster, like a crash (no-op if it is down); the next start runs crash recovery. */
    synchronized void kill() {
        Optional<Long> pid = data.postmasterPid();
        if (pid.isEmpty() || !isRunning()) {
            return;
        }
        // Orphaned backends notice the postmaster's death within milliseconds and exit; while one is left it
        // holds the shared memory and the next start would refuse to run, so kill() waits for them too.
        ProcessHandle.of(pid.get()).ifPresent(ProcessControl::kill);
        ProcessControl.awaitExit(process, EXIT_TIMEOUT);
    }

    /**
     * Sends SIGSTOP to the postmaster and every backend: a frozen node keeps its sockets open and answers nothing,
     * like a hung host, which a crash test cannot show.
     */
    synchronized void freeze() {
        runningPostmaster().ifPresent(postmaster -> signal("STOP", () -> ProcessControl.freeze(postmaster)));
    }

    /** Sends SIGCONT to the postmaster, its backends and the runuser/su wrapper it was started through. */
    synchronized void thaw() {
        // runuser stops itself when its child stops (like su) and stays stopped: resume it too, or it could not
        // reap the postmaster and stop() would wait for it in vain.
        List<ProcessHandle> wrapper = process == null ? List.of() : List.of(process.toHandle());
        runningPostmaster().ifPresent(postmaster -> signal("CONT", () -> ProcessControl.thaw(postmaster, wrapper)));
    }

    private Optional<ProcessHandle> runningPostmaster() {
        Optional<Long> pid = data.postmasterPid();
        return pid.isEmpty() || !isRunning() ? Optional.empty() : ProcessHandle.of(pid.get());
    }

    private void signal(String signal, Runnable send) {
        try {
            send.run();
        } catch (IllegalStateException e) {
            throw failure("could not be sent SIG" + signal + ": " + e.getMessage(), 0);
        }
    }

    /** Whether the server this launcher started is up (a killed or stopped one is not). */
    synchronized boolean isRunning() {
        return process != null && process.isAlive()
                && data.postmasterPid().map(ProcessControl::isAlive).orElse(false);
    }

    /** Whether the data directory already holds a cluster. */
    synchronized boolean initialised() {
        return data.initialised();
    }

    /** Runs initdb unless the data directory already holds a cluster. */
    synchronized void initialise() {
        if (!data.prepare()) {
            return;
        }
        List<String> initdb = new ArrayList<>(List.of(bin.initdb().toString(), "-D", dir().toString(),
                "-U", SUPERUSER, "-A", "trust", "-E", "UTF8", "--locale=C"));
        if (isOff(settings.get("fsync"))) {
            // A server that will not fsync gains nothing from initdb's final sync, which takes seconds.
            initdb.add("--no-sync");
        }
        Processes.Result r = Processes.run(runAs.wrap(initdb), dir().getParent(), INITDB_TIMEOUT_SECONDS, null);
        if (!r.ok()) {
            throw new LocalPostgresException("node '" + name + "': initdb failed: " + r.describe());
        }
        data.writeHba();
    }

    /**
     * Initialises the data directory as a copy of {@code seed}'s freshly initialised, never started cluster,
     * unless it already holds one. Copying takes a fraction of a second where initdb takes seconds of CPU; the
     * copies share the seed's system identifier, which only physical replication tools ever look at.
     */
    synchronized void initialiseAsCopyOf(PostgresServer seed) {
        if (!data.prepare()) {
            return;
        }
        Processes.Result r = Processes.run(runAs.wrap(List.of("cp", "-a", seed.dir() + "/.", dir() + "/")),
                dir().getParent(), INITDB_TIMEOUT_SECONDS, null);
        if (!r.ok()) {
            throw new LocalPostgresException("node '" + name + "': could not copy the cluster of node '"
                    + seed.name + "': " + r.describe());
        }
    }

    private void clearLeftovers() {
        Optional<Long> pid = data.postmasterPid();
        if (pid.isEmpty()) {
            return;
        }
        if (ProcessControl.isAlive(pid.get()) && looksLikePostgres(pid.get())) {
            // A server left running by a launcher that died without close(): take the directory back cleanly.
            Processes.run(runAs.wrap(List.of(bin.pgCtl().toString(), "stop", "-D", dir().toString(), "-m", "fast",
                    "-w", "-t", Long.toString(STOP_TIMEOUT_SECONDS))), dir().getParent(), STOP_TIMEOUT_SECONDS + 10, null);
        } else if (ProcessHandle.of(pid.get()).isPresent()) {
            // The pid is a zombie nobody reaps or now belongs to another program; PostgreSQL would take either for
            // a running postmaster and refuse to start, forever.
            data.deleteLockFile();
        }
    }

    private void launchAndAwaitReady(int candidate) {
        List<String> cmd = new ArrayList<>(List.of(bin.postgres().toString(), "-D", dir().toString(),
                "-c", "port=" + candidate,
                "-c", "listen_addresses=" + HOST,
                // No socket: nothing to create in /var/run/postgresql and no 107-byte socket path limit.
                "-c", "unix_socket_directories="));
        settings.forEach((k, v) -> {
            cmd.add("-c");
            cmd.add(k + "=" + v);
        });
        long logOffset = data.prepareLog();
        process = Processes.spawn(runAs.wrap(cmd), dir().getParent(), data.log());

        ReadinessWait.Outcome outcome = ReadinessWait.until(process, () -> readyOn(candidate), startTimeout, POLL);
        if (outcome == ReadinessWait.Outcome.EXITED) {
            String tail = data.logTail(logOffset);
            if (tail.contains("could not bind") || tail.contains("Address already in use")) {
                throw new PortTakenException(failure("could not bind port " + candidate, logOffset).getMessage());
            }
            throw failure("exited with code " + process.exitValue() + " during start-up", logOffset);
        }
        if (outcome == ReadinessWait.Outcome.TIMED_OUT) {
            // SIGTERM reaches the server through runuser/su, which forward it; SIGKILL would orphan it.
            ProcessControl.terminate(process, EXIT_TIMEOUT);
            throw failure("did not accept connections within " + startTimeout.toSeconds() + " s"
                    + " (crash recovery of a large WAL can take longer: raise startTimeout)", logOffset);
        }
    }

    // pg_ctl -w judges readiness the same way: the postmaster writes "ready" into its lock file once it accepts
    // connections. The pid check keeps a stale lock file of a killed predecessor from passing for the new server.
    private boolean readyOn(int candidate) {
        List<String> lines = data.lockFile();
        if (lines.size() < 8) {
            return false;
        }
        try {
            long pid = Long.parseLong(lines.get(0).strip());
            boolean ours = pid == process.pid() || ProcessHandle.of(pid).flatMap(ProcessHandle::parent)
                    .map(ProcessHandle::pid).orElse(-1L) == process.pid();
            return ours && Integer.parseInt(lines.get(3).strip()) == candidate && READY.contains(lines.get(7).strip());
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private void ensureDatabase() {
        // psql quotes :'db' as a literal and %I as an identifier, so any database name is safe here.
        String sql = "SELECT format('CREATE DATABASE %I', :'db') WHERE NOT EXISTS"
                + " (SELECT FROM pg_database WHERE datname = :'db')\\gexec\n";
        Processes.Result r = Processes.run(List.of(bin.psql().toString(), "-X", "-q", "-v", "ON_ERROR_STOP=1",
                "-v", "db=" + database, "-h", HOST, "-p", Integer.toString(port), "-U", SUPERUSER, "-d", "postgres"),
                dir().getParent(), 60, sql);
        if (!r.ok()) {
            throw failure("started but database '" + database + "' could not be created: " + r.describe(), 0);
        }
    }

    private static boolean looksLikePostgres(long pid) {
        return ProcessHandle.of(pid).flatMap(h -> h.info().command())
                .map(c -> c.endsWith("postgres") || c.endsWith("postmaster")).orElse(true);
    }

    private LocalPostgresException failure(String what, long logOffset) {
        return new LocalPostgresException("PostgreSQL node '" + name + "' (" + dir() + ") " + what
                + "\n--- last lines of " + data.log() + " ---\n" + data.logTail(logOffset));
    }

    private static boolean isOff(String value) {
        return value != null && Set.of("off", "false", "no", "0").contains(value.strip().toLowerCase());
    }

    /** PostgreSQL could not bind its port; start() retries elsewhere. */
    private static final class PortTakenException extends LocalPostgresException {

        private static final long serialVersionUID = 1L;

        PortTakenException(String message) {
            super(message);
        }
    }
}
