package io.smart402.server.scale;

import static org.assertj.core.api.Assertions.assertThat;

import io.smart402.core.process.FreePorts;
import io.smart402.core.scale.MetricSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.netty.http.client.HttpClient;
import reactor.test.StepVerifier;

/**
 * The Prometheus metric source against a real Prometheus (the machine's binary) scraping itself once a second:
 * {@code up{job="self"}} becomes 1 after the first scrape, a query without samples is no value, a broken query
 * fails the read (the scaler counts it as no value).
 */
class PrometheusQueryTest {

    private static Process prometheus;
    private static String baseUrl;
    private static final HttpClient CLIENT = HttpClient.create();

    @BeforeAll
    static void start() throws IOException {
        Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "prometheus-");
        int port = FreePorts.any();
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, "global: {scrape_interval: 1s, evaluation_interval: 1s}\n"
                + "scrape_configs:\n  - job_name: self\n    static_configs: [{targets: ['127.0.0.1:" + port + "']}]\n");
        prometheus = new ProcessBuilder("prometheus", "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        baseUrl = "http://127.0.0.1:" + port;
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (prometheus != null) {
            prometheus.destroy();
            prometheus.waitFor();
        }
    }

    private static Optional<Double> read(MetricSource source) {
        return source.read().onErrorResume(e -> reactor.core.publisher.Mono.empty()).blockOptional(Duration.ofSeconds(10));
    }

    @Test
    void readsTheValueOfAnInstantQuery() throws InterruptedException {
        MetricSource up = PrometheusQuery.of("up", CLIENT, baseUrl, "up{job=\"self\"}", Duration.ofSeconds(5));
        Optional<Double> value = Optional.empty();
        for (int i = 0; i < 120 && value.isEmpty(); i++) {
            value = read(up);
            if (value.isEmpty()) {
                Thread.sleep(500);
            }
        }
        assertThat(value).contains(1.0);
        MetricSource scalar = PrometheusQuery.of("two", CLIENT, baseUrl, "scalar(up{job=\"self\"}) * 2",
                Duration.ofSeconds(5));
        assertThat(read(scalar)).contains(2.0);
        StepVerifier.create(PrometheusQuery.of("none", CLIENT, baseUrl, "up{job=\"absent\"}", Duration.ofSeconds(5))
                .read()).verifyComplete();
        StepVerifier.create(PrometheusQuery.of("broken", CLIENT, baseUrl, "up{", Duration.ofSeconds(5)).read())
                .expectError(IllegalStateException.class).verify(Duration.ofSeconds(10));
    }
}
