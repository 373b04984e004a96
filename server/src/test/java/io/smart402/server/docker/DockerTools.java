package io.smart402.server.docker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The repository's {@code docker/} folder and the real tools that check it ({@code promtool}, {@code kubectl},
 * {@code docker-compose}, {@code node}/{@code npm}), run as processes. A missing tool fails the test with the
 * package that provides it ({@code .ci/run} installs them): a check that cannot run must not pass.
 */
final class DockerTools {

    /** The repository root: tests run in the server module's folder. */
    static final Path ROOT = locateRoot();
    static final Path DOCKER = ROOT.resolve("docker");
    /** The npm project of the validators (kubernetes-models, @kubernetes-models/keda, dockerfilelint). */
    static final Path NODE_PROJECT = DOCKER.resolve("test");

    private static final Map<String, String> PACKAGES = Map.of("promtool", "Debian package prometheus",
            "kubectl", "kubectl (Debian package kubernetes-client)", "docker-compose", "Debian package docker-compose",
            "node", "Debian package nodejs", "npm", "Debian package npm", "bash", "bash");

    private DockerTools() {
    }

    /** What a tool printed (stdout and stderr together) and how it exited. */
    record Result(int exitCode, String output) {
    }

    static Result run(Path dir, String... command) {
        return run(dir, Map.of(), List.of(command));
    }

    static Result run(Path dir, Map<String, String> env, List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new AssertionError(command.get(0) + " is not installed ("
                    + PACKAGES.getOrDefault(command.get(0), "see docker/README.md") + "; .ci/run installs it)", e);
        }
        try {
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within 5 minutes");
            }
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** {@code npm ci} in {@link #NODE_PROJECT} when its packages are missing ({@code .ci/run} normally did it). */
    static synchronized void requireNodePackages() {
        if (Files.isDirectory(NODE_PROJECT.resolve("node_modules/kubernetes-models"))
                && Files.isDirectory(NODE_PROJECT.resolve("node_modules/@kubernetes-models/keda"))
                && Files.isDirectory(NODE_PROJECT.resolve("node_modules/dockerfilelint"))) {
            return;
        }
        Result npm = run(NODE_PROJECT, "npm", "ci", "--no-audit", "--no-fund");
        if (npm.exitCode() != 0) {
            throw new AssertionError("npm ci in " + NODE_PROJECT + " failed:\n" + npm.output());
        }
    }

    /** Copies a folder (what a test breaks on purpose is a copy, never the committed file). */
    static void copyTree(Path from, Path to) {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : (Iterable<Path>) paths.filter(p -> !p.toString().contains("node_modules"))::iterator) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces exactly one occurrence of {@code from}, so a broken copy is broken where the test says. */
    static String replaceOnce(String text, String from, String to) {
        int at = text.indexOf(from);
        if (at < 0 || text.indexOf(from, at + 1) >= 0) {
            throw new AssertionError("expected exactly one '" + from + "' in the file");
        }
        return text.substring(0, at) + to + text.substring(at + from.length());
    }

    private static Path locateRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("docker")) && Files.isRegularFile(dir.resolve("mvnw"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no docker/ folder above " + Path.of("").toAbsolutePath());
    }
}
