package io.smart402.bench.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smart402.core.process.FreePorts;
import io.smart402.core.process.ProcessControl;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starts real JVMs (the echo baseline) the way the bench does. */
class JavaProcessTest {

    private static final String CLASSPATH =
            System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));

    @Test
    void startsAJvmReturnsOnceItAnswersAndStopsIt(@TempDir Path dir) throws Exception {
        int port = FreePorts.any();
        long pid;
        try (JavaProcess echo = JavaProcess.start("echo", List.of("-Xmx64m"),
                List.of("-cp", CLASSPATH, EchoServer.class.getName(), Integer.toString(port)), port, "/health",
                dir.resolve("echo.log"), Duration.ofSeconds(60))) {
            pid = echo.pid();
            HttpResponse<String> health = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(echo.baseUrl() + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
        }
        assertThat(ProcessControl.isAlive(pid)).isFalse();
    }

    @Test
    void aJvmThatExitsDuringStartFailsNamingItsLog(@TempDir Path dir) {
        Path log = dir.resolve("broken.log");

        assertThatThrownBy(() -> JavaProcess.start("broken", List.of(), List.of("-cp", CLASSPATH, "NoSuchMain"),
                FreePorts.any(), "/health", log, Duration.ofSeconds(60)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("broken exited with")
                .hasMessageContaining(log.toString());
    }
}
