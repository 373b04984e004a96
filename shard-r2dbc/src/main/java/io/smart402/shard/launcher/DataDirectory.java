package io.smart402.shard.launcher;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The files of one node's data directory that the launcher reads or writes: lock file, port file, log, pg_hba. */
final class DataDirectory {

    /** The port of the last successful start, so a restarted node comes back where its clients expect it. */
    static final String PORT_FILE = "smart402.port";
    static final String LOG_FILE = "server.log";

    private static final String LOCK_FILE = "postmaster.pid";
    private static final int LOG_TAIL_BYTES = 4096;
    private static final String HBA = """
            # Written by the Smart402 LocalPostgres launcher: trust, but only over TCP from 127.0.0.1.
            # There is no Unix socket (unix_socket_directories is empty), so no 'local' line is needed.
            host    all             all             127.0.0.1/32            trust
            host    replication     all             127.0.0.1/32            trust
            """;

    private final String node;
    private final Path path;
    private final RunAs runAs;

    DataDirectory(String node, Path path, RunAs runAs) {
        this.node = node;
        this.path = path;
        this.runAs = runAs;
    }

    Path path() {
        return path;
    }

    Path log() {
        return path.resolve(LOG_FILE);
    }

    /** Whether the directory holds a cluster. */
    boolean initialised() {
        return Files.exists(path.resolve("PG_VERSION"));
    }

    /** Creates the directory for the server user; true if it is empty and awaits a cluster, false if it has one. */
    boolean prepare() {
        try {
            Files.createDirectories(path);
            runAs.own(path);
            // PostgreSQL refuses a data directory that others can read.
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwx------"));
            if (initialised()) {
                return false;
            }
            try (Stream<Path> entries = Files.list(path)) {
                if (entries.findAny().isPresent()) {
                    throw new LocalPostgresException("node '" + node + "': " + path + " is not empty but holds no"
                            + " PostgreSQL cluster (no PG_VERSION file); remove it or use another data directory");
                }
            }
            return true;
        } catch (IOException e) {
            throw new LocalPostgresException("node '" + node + "': could not prepare " + path + ": " + e, e);
        }
    }

    /** Replaces initdb's pg_hba.conf with trust for 127.0.0.1 only. */
    void writeHba() {
        try {
            Files.writeString(path.resolve("pg_hba.conf"), HBA);
        } catch (IOException e) {
            throw new LocalPostgresException("node '" + node + "': could not write pg_hba.conf: " + e, e);
        }
    }

    /** The lines of postmaster.pid: pid, directory, start time, port, socket dir, address, shmem key, status. */
    List<String> lockFile() {
        try {
            return Files.readAllLines(path.resolve(LOCK_FILE), StandardCharsets.UTF_8);
        } catch (IOException e) {
            // Absent, or read while the postmaster rewrites it: either way not a usable answer yet.
            return List.of();
        }
    }

    Optional<Long> postmasterPid() {
        List<String> lines = lockFile();
        try {
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    void deleteLockFile() {
        try {
            Files.deleteIfExists(path.resolve(LOCK_FILE));
        } catch (IOException e) {
            throw new LocalPostgresException("node '" + node + "': could not remove stale lock file: " + e, e);
        }
    }

    /** The port of the last successful start, or 0. */
    int rememberedPort() {
        try {
            return Integer.parseInt(Files.readString(path.resolve(PORT_FILE)).strip());
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    void rememberPort(int port) {
        Path file = path.resolve(PORT_FILE);
        try {
            Files.writeString(file, port + "\n");
            runAs.own(file);
        } catch (IOException e) {
            throw new LocalPostgresException("node '" + node + "': could not write " + file + ": " + e, e);
        }
    }

    /** Creates the server log for the server user if needed; returns its current size, where new output starts. */
    long prepareLog() {
        Path log = log();
        try {
            if (!Files.exists(log)) {
                Files.createFile(log);
                runAs.own(log);
            }
            return Files.size(log);
        } catch (IOException e) {
            throw new LocalPostgresException("node '" + node + "': could not create " + log + ": " + e, e);
        }
    }

    /** The end of the log written since {@code from}, at most a few KB. */
    String logTail(long from) {
        try (RandomAccessFile f = new RandomAccessFile(log().toFile(), "r")) {
            long length = f.length();
            long start = Math.max(0, Math.min(length, Math.max(from, length - LOG_TAIL_BYTES)));
            byte[] buf = new byte[(int) (length - start)];
            f.seek(start);
            f.readFully(buf);
            return new String(buf, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }
}
