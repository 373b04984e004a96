package io.smart402.server.scale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smart402.core.scale.MetricSource;
import io.smart402.core.scale.MetricSources;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * An auto-scaling metric read from Prometheus' instant-query API ({@code GET /api/v1/query}): the value of a
 * PromQL expression that yields one sample, e.g. {@code avg(rate(smart402_contracts_processed_total[1m]))}. A
 * query with no sample, an error status or an unreachable server is no value this round (the scaler holds).
 * Here and not in core because core does no HTTP of its own.
 */
public final class PrometheusQuery {

    private static final ObjectMapper JSON = new ObjectMapper();

    private PrometheusQuery() {
    }

    /**
     * @param name      the metric's name in decisions and meters
     * @param baseUrl   Prometheus' address, e.g. {@code http://prometheus:9090}
     * @param query     a PromQL expression with one sample as its result (the first sample is used otherwise)
     * @param timeout   longest wait for an answer
     */
    public static MetricSource of(String name, HttpClient client, String baseUrl, String query, Duration timeout) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(query, "query");
        String uri = baseUrl.replaceAll("/+$", "") + "/api/v1/query?query="
                + URLEncoder.encode(query, StandardCharsets.UTF_8);
        Mono<Double> read = client.get().uri(uri)
                .responseSingle((response, body) -> response.status().code() == 200
                        ? body.asByteArray()
                        : Mono.error(new IllegalStateException("prometheus answered " + response.status())))
                .timeout(timeout)
                .flatMap(bytes -> Mono.justOrEmpty(value(bytes)));
        return MetricSources.of(name, read);
    }

    /** The first sample's value of an instant-query answer (vector or scalar); null for none. */
    static Double value(byte[] answer) {
        JsonNode root;
        try {
            root = JSON.readTree(answer);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("prometheus answer is not JSON", e);
        }
        if (!"success".equals(root.path("status").asText())) {
            throw new IllegalStateException("prometheus query failed: " + root.path("error").asText());
        }
        JsonNode data = root.path("data");
        JsonNode sample = "vector".equals(data.path("resultType").asText())
                ? data.path("result").path(0).path("value") : data.path("result");
        if (!sample.isArray() || sample.size() < 2) {
            return null;
        }
        double v = Double.parseDouble(sample.get(1).asText());
        return Double.isNaN(v) ? null : v;
    }
}
