package io.smart402.shard.launcher;

import java.io.File;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Runs operating-system commands for the launcher: short ones to completion, servers in the background. */
final class Processes {

    private Processes() {}

    /** What a finished command returned; {@code output} is stdout and stderr interleaved. */
    record Result(List<String> command, int exitCode, String output) {

        boolean ok() {
            return exitCode == 0;
        }

        String describe() {
            return "`" + String.join(" ", command) + "` exited with " + exitCode
                    + (output.isBlank() ? "" : ":\n" + output.strip());
        }
    }

    /**
     * Runs {@code command} in {@code workDir} and waits for it, feeding {@code stdin} if not null.
     *
     * <p>Output goes to a temporary file rather than a pipe: a daemon the command leaves behind could keep a pipe
     * open and block the reader forever.
     */
    static Result run(List<String> command, Path workDir, long timeoutSeconds, String stdin) {
        Path out = null;
        try {
            out = Files.createTempFile("smart402-pg-", ".out");
            ProcessBuilder pb = builder(command, workDir).redirectErrorStream(true).redirectOutput(out.toFile());
            if (stdin == null) {
                pb.redirectInput(ProcessBuilder.Redirect.from(devNull()));
            }
            Process p = pb.start();
            if (stdin != null) {
                try (OutputStream in = p.getOutputStream()) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new LocalPostgresException("`" + String.join(" ", command) + "` did not finish within "
                        + timeoutSeconds + " s; output so far:\n" + Files.readString(out));
            }
            return new Result(command, p.exitValue(), Files.readString(out));
        } catch (InterruptedException | InterruptedIOException e) {
            Thread.currentThread().interrupt();
            throw new LocalPostgresException("interrupted while running `" + String.join(" ", command) + "`", e);
        } catch (IOException e) {
            throw new LocalPostgresException("could not run `" + String.join(" ", command) + "`: " + e, e);
        } finally {
            deleteQuietly(out);
        }
    }

    /** Starts a long-running {@code command} whose output is appended to {@code log}. */
    static Process spawn(List<String> command, Path workDir, Path log) {
        try {
            return builder(command, workDir)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(devNull()))
                    .start();
        } catch (IOException e) {
            throw new LocalPostgresException("could not start `" + String.join(" ", command) + "`: " + e, e);
        }
    }

    /** The first executable called {@code name} on PATH, then in {@code extraDirs}. */
    static Optional<Path> which(String name, List<String> extraDirs) {
        List<String> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(File.pathSeparator)));
        }
        dirs.addAll(extraDirs);
        for (String dir : dirs) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static ProcessBuilder builder(List<String> command, Path workDir) {
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
        // PGPORT, PGDATA, PGOPTIONS and friends would silently redirect or reconfigure the tools we run.
        pb.environment().keySet().removeIf(k -> k.startsWith("PG"));
        return pb;
    }

    private static File devNull() {
        return new File("/dev/null");
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // A leftover temp file is harmless; the command's result matters more.
            }
        }
    }
}
