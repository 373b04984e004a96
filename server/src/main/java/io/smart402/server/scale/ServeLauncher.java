package io.smart402.server.scale;

import io.smart402.core.process.FreePorts;
import io.smart402.core.process.ProcessControl;
import io.smart402.core.process.ReadinessWait;
import io.smart402.server.config.GatewayConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Starts a {@code serve} instance as a process of its own (same jar, {@code serve --config FILE --port P}, its
 * output in its own log file) and waits for its {@code /ready}; stops one with SIGTERM so that its own graceful
 * drain runs. Every method blocks: call it on a scheduler that may block, never on an event loop.
 */
public final class ServeLauncher {

    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    private final GatewayConfig.Autoscale config;
    /** Node ids (1-255) of the instances running: each gets its own, so their versions never collide. */
    private final java.util.BitSet nodeIds = new java.util.BitSet(256);
    private final HttpClient probe = HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT).build();

    public ServeLauncher(GatewayConfig.Autoscale config) {
        this.config = config;
    }

    /** A started instance: where it listens, its process, its log and its {@code server.node-id}. */
    public record Instance(int port, Process process, Path log, int nodeId) {
        public String address() {
            return FreePorts.LOOPBACK + ":" + port;
        }
    }

    /** Starts one instance on a free port; it is not ready yet ({@link #awaitReady}). */
    public Instance spawn() {
        int port = FreePorts.any();
        Path log = Path.of(config.logDir()).toAbsolutePath().resolve("serve-" + port + ".log");
        int nodeId = takeNodeId();
        try {
            Files.createDirectories(log.getParent());
            Process process = new ProcessBuilder(command(port, nodeId)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            process.onExit().thenRun(() -> releaseNodeId(nodeId));
            return new Instance(port, process, log, nodeId);
        } catch (IOException e) {
            releaseNodeId(nodeId);
            throw new UncheckedIOException("cannot start a serve instance (log " + log + "): " + e.getMessage(), e);
        }
    }

    /**
     * Returns once the instance's {@code /ready} answers 200; kills it and throws when it exits first or is not
     * ready within {@code ready-timeout}.
     */
    public Instance awaitReady(Instance instance) {
        ReadinessWait.Outcome outcome = ReadinessWait.until(instance.process(), () -> ready(instance.port()),
                config.readyTimeout(), POLL);
        if (outcome != ReadinessWait.Outcome.READY) {
            ProcessControl.kill(instance.process().toHandle());
            throw new IllegalStateException("serve instance on port " + instance.port() + " not ready ("
                    + outcome.name().toLowerCase(java.util.Locale.ROOT) + "); see " + instance.log());
        }
        return instance;
    }

    /** SIGTERM, then up to {@code stop-timeout} for its drain, then SIGKILL; whether it exited. */
    public boolean stop(Instance instance) {
        return ProcessControl.terminate(instance.process(), config.stopTimeout());
    }

    private synchronized int takeNodeId() {
        int id = nodeIds.nextClearBit(1);
        if (id > 255) {
            throw new IllegalStateException("255 serve instances run already: no node id left");
        }
        nodeIds.set(id);
        return id;
    }

    private synchronized void releaseNodeId(int id) {
        nodeIds.clear(id);
    }

    List<String> command(int port, int nodeId) {
        String java = config.java().isEmpty()
                ? Path.of(System.getProperty("java.home"), "bin", "java").toString() : config.java();
        String classpath = config.classpath().isEmpty() ? System.getProperty("java.class.path") : config.classpath();
        return List.of(java, "-Xmx" + config.heap(), "-cp", classpath, "io.smart402.server.Main", "serve",
                "--config", config.serveConfig(), "--port", Integer.toString(port),
                "--set", "server.node-id=" + nodeId);
    }

    private boolean ready(int port) {
        try {
            return probe.send(HttpRequest.newBuilder(URI.create("http://" + FreePorts.LOOPBACK + ":" + port + "/ready"))
                    .timeout(PROBE_TIMEOUT).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException notYet) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a serve instance", e);
        }
    }
}
