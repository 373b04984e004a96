package io.smart402.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A live scrape, after a little traffic, piped into Prometheus' own linter ({@code promtool check metrics}, from
 * Debian's {@code prometheus} package, installed by {@code .ci/run}): it must print nothing and exit 0. Without
 * promtool the test fails — a missing linter must not pass for a clean scrape.
 */
class PromtoolCheckTest {

    @Test
    void aLiveScrapePassesPromtoolWithoutAWord() throws Exception {
        Http.Response created = Http.postJson("/contracts", ContractEndpointsTest.example("example-a.json"));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(Http.get(created.headers().get("Location")).status()).isEqualTo(200);
        assertThat(Http.postJson("/contracts", "{\"type\":").status()).isEqualTo(400);
        Http.Response scrape = Http.get("/metrics");
        assertThat(scrape.status()).isEqualTo(200);
        // Kept for reading when promtool objects (the assertion shows only promtool's lines).
        Files.write(Path.of("target", "promtool-scrape.txt"), scrape.body());
        assertThat(scrape.text()).as("the traffic above is in the scrape")
                .contains("http_server_requests_seconds_bucket{method=\"POST\",status=\"400\",uri=\"/contracts\",le=");

        Checked checked = promtoolCheckMetrics(scrape.body());

        assertThat(checked.output()).as("promtool check metrics output").isEmpty();
        assertThat(checked.exitCode()).as("promtool exit code; output: " + checked.output()).isZero();
    }

    @Test
    void promtoolComplainsAboutAMetricWithoutHelp() throws Exception {
        // The linter under test can fail: a counter without HELP and with a bad suffix is reported.
        Checked checked = promtoolCheckMetrics("# TYPE requests counter\nrequests 1\n"
                .getBytes(StandardCharsets.UTF_8));
        assertThat(checked.output()).contains("requests");
    }

    private record Checked(int exitCode, String output) {
    }

    private static Checked promtoolCheckMetrics(byte[] scrape) throws IOException, InterruptedException {
        Process promtool;
        try {
            promtool = new ProcessBuilder(List.of("promtool", "check", "metrics")).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("promtool is not installed (Debian package 'prometheus'; .ci/run installs it)",
                    e);
        }
        CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> readAll(promtool.getInputStream()));
        try (OutputStream in = promtool.getOutputStream()) {
            in.write(scrape);
        }
        assertThat(promtool.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
        return new Checked(promtool.exitValue(), new String(output.join(), StandardCharsets.UTF_8).strip());
    }

    private static byte[] readAll(InputStream in) {
        try (in; ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            in.transferTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
