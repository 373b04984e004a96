package io.smart402.server;

import io.smart402.core.process.ReadinessWait;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A {@code serve} instance as a process of its own, started from the test classpath, so a test can SIGTERM it
 * (drain) or kill -9 it (chaos, a dead gateway backend). Returned once its {@code /ready} answers 200.
 */
public final class ServeProcess {

    private ServeProcess() {
    }

    /**
     * @param maxHeap     the {@code -Xmx} value, e.g. {@code 512m}
     * @param log         where its output goes (named in errors)
     * @param output      how the output is written there (truncate or append, for a restart into the same log)
     * @param readyWithin how long it may take to become ready before it is killed and the test fails
     */
    public static Process start(Path config, int port, String maxHeap, Path log, ProcessBuilder.Redirect output,
                                Duration readyWithin) throws IOException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + maxHeap, "-cp", classpath, "io.smart402.server.Main", "serve", "--config", config.toString(),
                "--port", Integer.toString(port))
                .redirectErrorStream(true)
                .redirectOutput(output)
                .start();
        HttpClient client = HttpClient.newHttpClient();
        ReadinessWait.Outcome outcome = ReadinessWait.until(process, () -> ready(client, port), readyWithin,
                Duration.ofMillis(200));
        if (outcome != ReadinessWait.Outcome.READY) {
            process.destroyForcibly();
            throw new IllegalStateException("serve process on port " + port + " not ready (" + outcome + "); see "
                    + log);
        }
        return process;
    }

    private static boolean ready(HttpClient client, int port) {
        try {
            return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ready"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode() == 200;
        } catch (IOException notYet) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the serve process", e);
        }
    }
}
