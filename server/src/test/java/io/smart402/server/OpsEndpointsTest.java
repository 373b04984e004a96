package io.smart402.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** /health, /ready, /metrics and /stats. */
class OpsEndpointsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void healthAndReady() throws Exception {
        assertThat(Http.get("/health").status()).isEqualTo(200);
        Http.Response ready = Http.get("/ready");
        assertThat(ready.status()).as(ready.text()).isEqualTo(200);
        assertThat(JSON.readTree(ready.body()).get("nodes")).hasSize(6);
    }

    @Test
    void metricsInPrometheusTextAfterTraffic() throws Exception {
        Http.postJson("/contracts", ContractEndpointsTest.example("example-a.json"));
        Http.postJson("/contracts", "{\"type\":\"x\"}");
        Http.Response metrics = Http.get("/metrics");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.contentType()).startsWith("text/plain");
        assertThat(metrics.text())
                .contains("http_server_requests_seconds_count{method=\"POST\",status=\"201\",uri=\"/contracts\"}")
                .contains("smart402_contracts_processed_total")
                .contains("smart402_contracts_invalid_total")
                .contains("smart402_contracts_failed_total")
                .contains("smart402_phase_duration_seconds_count{phase=\"llmo\"}")
                .contains("smart402_shard_write_seconds_count{shard=\"shard_0\"}");
    }

    @Test
    void statsListEveryNode() throws Exception {
        JsonNode stats = JSON.readTree(Http.get("/stats").body());
        assertThat(stats.get("shards")).hasSize(6);
        JsonNode first = stats.get("shards").get(0);
        assertThat(first.get("shard").textValue()).isEqualTo("shard_0");
        assertThat(first.get("role").textValue()).isEqualTo("primary");
        assertThat(first.get("host").textValue()).isEqualTo("127.0.0.1");
        assertThat(first.get("port").intValue()).isPositive();
        assertThat(first.get("database").textValue()).isEqualTo("smart402");
        assertThat(stats.get("shards").get(1).get("role").textValue()).isEqualTo("replica");
        assertThat(stats.at("/orchestrator/successful_contracts").isNumber()).isTrue();
        assertThat(stats.at("/in_flight/contracts_in_phases").isNumber()).isTrue();
    }

    @Test
    void everyNodesBreakerIsPublishedWithTheOthers() throws Exception {
        assertThat(Http.get("/metrics").text())
                .contains("smart402_circuit_breaker_state{name=\"shard_0-primary\",state=\"closed\"} 1.0")
                .contains("smart402_circuit_breaker_failure_rate{name=\"shard_2-replica1\"}");
        JsonNode breakers = JSON.readTree(Http.get("/stats").body()).get("circuit_breakers");
        assertThat(breakers.findValuesAsText("name")).contains("shard_0-primary", "shard_0-replica1",
                "shard_1-primary", "shard_1-replica1", "shard_2-primary", "shard_2-replica1");
        assertThat(breakers.get(0).get("state").textValue()).isEqualTo("CLOSED");
        assertThat(breakers.get(0).has("retry_after_seconds")).isTrue();
    }
}
