package io.smart402.core.redis;

import io.smart402.core.process.FreePorts;
import io.smart402.core.process.ProcessControl;
import io.smart402.core.process.ReadinessWait;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real {@code redis-server} process on a free loopback port, for the embedded fleet ({@code fleet --redis}) and
 * for tests: start, kill -9, restart on the same port, stop. All methods block (process management): call them from a thread that
 * may block, never from an event loop.
 */
public final class LocalRedis implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration POLL = Duration.ofMillis(20);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);

    private final Path binary;
    private final Path workDir;
    private final int port;
    private Process process;

    private LocalRedis(Path binary, Path workDir, int port) {
        this.binary = binary;
        this.workDir = workDir;
        this.port = port;
    }

    /** Starts a server on a free port; persistence is off, its log goes to {@code workDir/redis.log}. */
    public static LocalRedis start(Path workDir) {
        try {
            Files.createDirectories(workDir);
            LocalRedis redis = new LocalRedis(findBinary(), workDir, FreePorts.any());
            redis.launch();
            return redis;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String host() {
        return FreePorts.LOOPBACK;
    }

    public int port() {
        return port;
    }

    /** A Lettuce URI such as {@code redis://127.0.0.1:6390}. */
    public String uri() {
        return "redis://" + host() + ":" + port;
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** SIGKILL: the server disappears at once, as in a crash. */
    public void kill() {
        if (process != null) {
            ProcessControl.kill(process.toHandle());
            ProcessControl.awaitExit(process, EXIT_TIMEOUT);
        }
    }

    /** Starts the server again on the same port (after {@link #kill()} or {@link #stop()}). */
    public void restart() {
        if (isRunning()) {
            return;
        }
        launch();
    }

    /** SIGTERM and wait (SIGKILL if it does not exit in time). */
    public void stop() {
        if (process != null && process.isAlive()) {
            ProcessControl.terminate(process, EXIT_TIMEOUT);
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void launch() {
        List<String> command = new ArrayList<>(List.of(binary.toString(),
                "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                "--daemonize", "no", "--dir", workDir.toString(), "--protected-mode", "no"));
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(workDir.resolve("redis.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + binary + ": " + e.getMessage(), e);
        }
        ReadinessWait.Outcome outcome = ReadinessWait.until(process, this::ping, START_TIMEOUT, POLL);
        if (outcome == ReadinessWait.Outcome.EXITED) {
            throw new IllegalStateException("redis-server exited at start; see " + workDir.resolve("redis.log"));
        }
        if (outcome == ReadinessWait.Outcome.TIMED_OUT) {
            process.destroyForcibly();
            throw new IllegalStateException("redis-server did not answer PING on port " + port + " within "
                    + START_TIMEOUT.toSeconds() + " s");
        }
    }

    /** A raw RESP PING so readiness does not depend on a client library. */
    private boolean ping() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host(), port), 200);
            socket.setSoTimeout(500);
            OutputStream out = socket.getOutputStream();
            out.write("*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = new byte[7];
            int n = in.readNBytes(reply, 0, 7);
            return n == 7 && new String(reply, StandardCharsets.US_ASCII).equals("+PONG\r\n");
        } catch (IOException e) {
            return false;
        }
    }

    private static Path findBinary() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "redis-server");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        for (String dir : List.of("/usr/bin", "/usr/local/bin", "/usr/sbin", "/opt/homebrew/bin")) {
            Path candidate = Path.of(dir, "redis-server");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("redis-server not found on PATH; install it "
                + "(Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis) or run .ci/run");
    }
}
