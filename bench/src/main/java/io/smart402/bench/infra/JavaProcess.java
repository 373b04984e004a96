package io.smart402.bench.infra;

import io.smart402.core.process.ProcessControl;
import io.smart402.core.process.ReadinessWait;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A JVM the bench starts as a separate process (the server, the echo baseline), so client and server are measured
 * apart. Output goes to a log file in the results directory; {@link #close} stops it (SIGTERM, then SIGKILL after
 * a grace period) and every instance is also stopped by a shutdown hook if the bench dies first.
 */
public final class JavaProcess implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

    private final String name;
    private final Process process;
    private final Path log;
    private final int port;
    private final Thread hook;

    private JavaProcess(String name, Process process, Path log, int port) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.port = port;
        this.hook = new Thread(() -> process.destroyForcibly(), "bench-stop-" + name);
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * Starts {@code java <jvmArgs> <args>} with its output in {@code log}, then waits until
     * {@code http://127.0.0.1:<port><readyPath>} answers 200.
     */
    public static JavaProcess start(String name, List<String> jvmArgs, List<String> args, int port, String readyPath,
                                    Path log, Duration timeout) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.addAll(args);
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + name + ": " + e.getMessage(), e);
        }
        JavaProcess jp = new JavaProcess(name, p, log, port);
        try {
            jp.awaitReady(readyPath, timeout);
        } catch (RuntimeException e) {
            jp.close();
            throw e;
        }
        return jp;
    }

    private void awaitReady(String path, Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        ReadinessWait.Outcome outcome = ReadinessWait.until(process, () -> answers200(http, URI.create(baseUrl() + path)), timeout, POLL);
        if (outcome == ReadinessWait.Outcome.EXITED) {
            throw new IllegalStateException(name + " exited with " + process.exitValue() + " during start; see " + log);
        }
        if (outcome == ReadinessWait.Outcome.TIMED_OUT) {
            throw new IllegalStateException(name + " not ready after " + timeout + "; see " + log);
        }
    }

    /** A readiness probe: true when {@code uri} answers 200 within 2 s (ExternalProxy probes its proxies with it too). */
    static boolean answers200(HttpClient http, URI uri) {
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    @Override
    public void close() {
        try {
            ProcessControl.terminate(process, STOP_GRACE);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to: it kills the process anyway
            }
        }
    }
}
