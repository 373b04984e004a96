package io.smart402.server.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.smart402.core.balance.LoadBalancer;
import io.smart402.server.TestServer;
import io.smart402.server.app.Smart402Server;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;

/**
 * Every metric name the alerting rules, the dashboard and the KEDA triggers read exists in a real scrape: of a
 * running server (rate limiting on, a shard with a replica, after a little traffic), and for the gateway's
 * balancer panels of a {@link LoadBalancer}'s meters (the gateway exports the balancer's meters; it is built in
 * another branch). So a panel or an alert cannot silently point at nothing. Also runs the image's health check
 * script ({@code docker/healthcheck.sh}) against the live server.
 */
class DockerMetricNamesTest {

    /** Series Prometheus makes itself, not the targets. */
    private static final Set<String> PROMETHEUS_OWN = Set.of("up");

    private static Smart402Server server;
    private static HttpClient client;
    private static Set<String> scraped;

    @BeforeAll
    static void scrape() throws Exception {
        server = TestServer.start(List.of(
                "embedded.data-dir=" + Path.of("target", "docker-metrics-fleet").toAbsolutePath(),
                "embedded.shards=1", "embedded.replicas=1",
                "ratelimit.enabled=true", "ratelimit.clients={tester: {rate: 1, period: 1h, burst: 1}}"));
        client = HttpClient.create().baseUrl("http://127.0.0.1:" + server.port())
                .responseTimeout(Duration.ofSeconds(60)).headers(h -> h.set("X-API-Key", TestServer.CLIENT_KEY));
        String contract;
        try (java.io.InputStream in = DockerMetricNamesTest.class.getResourceAsStream("/examples/example-a.json")) {
            contract = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        assertThat(post(contract)).isEqualTo(201);
        assertThat(post(contract)).as("over the limit").isEqualTo(429);
        String text = client.get().uri("/metrics").responseContent().aggregate().asString()
                .block(Duration.ofSeconds(60));
        scraped = sampleNames(text);

        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        LoadBalancer<String> balancer = LoadBalancer.<String>builder().name("gateway").meterRegistry(registry)
                .backend("server-1:8080", "server-1:8080").build();
        try {
            assertThat(balancer.execute(backend -> Mono.just(backend)).block(Duration.ofSeconds(10)))
                    .isEqualTo("server-1:8080");
            scraped.addAll(sampleNames(registry.scrape()));
        } finally {
            balancer.dispose();
        }
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void everyMetricTheRulesTheDashboardAndKedaReadIsScraped() {
        Map<String, Set<String>> missing = new TreeMap<>();
        Set<String> recorded = Queries.recorded();
        Set<String> used = new TreeSet<>();
        Queries.all().forEach((where, expr) -> {
            for (String name : Queries.metricNames(expr)) {
                used.add(name);
                boolean known = name.contains(":") ? recorded.contains(name)
                        : scraped.contains(name) || PROMETHEUS_OWN.contains(name);
                if (!known) {
                    missing.computeIfAbsent(where, k -> new TreeSet<>()).add(name);
                }
            }
        });
        assertThat(used).as("names read by the queries").hasSizeGreaterThan(25)
                .contains("smart402_outbox_oldest_age_seconds", "smart402_balancer_requests_total",
                        "http_server_requests_seconds_bucket");
        assertThat(missing).as("metric names no scrape has (where → names)").isEmpty();
    }

    @Test
    void aMisspelledNameIsReportedMissing() {
        Set<String> names = Queries.metricNames(
                "sum(rate(smart402_contracts_stord_total{outcome=\"x\"}[5m])) by (shard) / on(shard) up");
        assertThat(names).containsExactly("smart402_contracts_stord_total", "up");
        assertThat(scraped).doesNotContain("smart402_contracts_stord_total").contains("smart402_contracts_stored_total");
    }

    @Test
    void theMetricNameExtractorSkipsFunctionsLabelsKeywordsAndNumbers() {
        assertThat(Queries.metricNames("histogram_quantile(0.99, sum by (le, node) (rate(a_bucket{le=\"0.5\","
                + " uri=~\"/x|/y/\\\\{id\\\\}\"}[5m]))) > 1e3 and b offset 5m unless c:rec:ratio > bool 0.5"))
                .containsExactly("a_bucket", "b", "c:rec:ratio");
    }

    @Test
    void theImageHealthCheckScriptSeesTheServerHealthy() throws Exception {
        Path script = DockerTools.DOCKER.resolve("healthcheck.sh");
        DockerTools.Result healthy = DockerTools.run(DockerTools.DOCKER, "bash", script.toString(),
                String.valueOf(server.port()), "/health");
        assertThat(healthy.exitCode()).as(healthy.output()).isZero();
        DockerTools.Result notFound = DockerTools.run(DockerTools.DOCKER, "bash", script.toString(),
                String.valueOf(server.port()), "/no-such-path");
        assertThat(notFound.exitCode()).isNotZero();
        assertThat(notFound.output()).contains("unhealthy: HTTP/1.").contains("404");
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        assertThat(DockerTools.run(DockerTools.DOCKER, "bash", script.toString(), String.valueOf(closed)).exitCode())
                .as("nothing listening").isNotZero();
        assertThat(Files.isExecutable(script)).isTrue();
    }

    private static int post(String json) {
        return client.headers(h -> h.set("Content-Type", "application/json")).post().uri("/contracts")
                .send(ByteBufFlux.fromString(Mono.just(json)))
                .responseSingle((response, body) -> body.then(Mono.just(response.status().code())))
                .block(Duration.ofSeconds(60));
    }

    /** The names of the samples in a Prometheus text exposition ({@code _bucket}, {@code _total}, ... included). */
    static Set<String> sampleNames(String exposition) {
        Set<String> names = new TreeSet<>();
        for (String line : exposition.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int end = 0;
            while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
                end++;
            }
            names.add(line.substring(0, end));
        }
        return names;
    }
}
