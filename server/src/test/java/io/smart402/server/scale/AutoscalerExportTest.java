package io.smart402.server.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smart402.server.TestServer;
import io.smart402.server.app.Smart402Server;
import io.smart402.server.config.ConfigLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.netty.http.client.HttpClient;

/**
 * The Kubernetes-facing export on a real server: an auto scaler following one of the server's own meters
 * publishes its decision on {@code /metrics}, where KEDA or an HPA read it.
 */
class AutoscalerExportTest {

    @Test
    void publishesTheDecisionForKubernetes() throws InterruptedException {
        // Idle: no contract in the phases, so the in-flight metric is 0 and the decision is min-instances (2) of
        // the 3 instances configured as running (down stabilization 0 s, so at the first evaluation).
        try (Smart402Server server = TestServer.start(List.of(
                "embedded.data-dir=" + Path.of("target", "autoscaler-fleet").toAbsolutePath(),
                "embedded.shards=1", "embedded.replicas=0",
                "autoscaler.enabled=true", "autoscaler.interval=200ms", "autoscaler.min-instances=2",
                "autoscaler.current.instances=3",
                "autoscaler.scale-down.stabilization=0s",
                "autoscaler.policies=[{name: in-flight, meter: smart402.priority.in.flight, target: 4}]"))) {
            HttpClient client = HttpClient.create().baseUrl("http://127.0.0.1:" + server.port());
            String scrape = "";
            for (int i = 0; i < 100 && !scrape.contains("smart402_autoscaler_desired_instances{scaler=\"serve\"} 2.0");
                 i++) {
                Thread.sleep(100);
                scrape = client.get().uri("/metrics").responseContent().aggregate().asString()
                        .block(Duration.ofSeconds(10));
            }
            assertThat(scrape).contains("smart402_autoscaler_desired_instances{scaler=\"serve\"} 2.0")
                    .contains("smart402_autoscaler_current_instances{scaler=\"serve\"} 3.0")
                    .contains("smart402_autoscaler_metric{metric=\"in-flight\",scaler=\"serve\"} 0.0")
                    .contains("smart402_autoscaler_scale_down_events_total{scaler=\"serve\"}");
            String stats = client.get().uri("/stats").responseContent().aggregate().asString()
                    .block(Duration.ofSeconds(10));
            assertThat(stats).contains("\"autoscaler\":{\"enabled\":true,\"current_instances\":3,"
                    + "\"desired_instances\":2").contains("\"limited_by\":[\"min\"]")
                    .contains("\"reason\":\"3 -> 2 (proposed 0; in-flight=0.00 wants 0; limited by min)\"");
        }
    }

    @Test
    void refusesPoliciesThatDoNotSayWhatToRead() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), List.of("autoscaler.enabled=true",
                "autoscaler.policies=[{name: x, target: 1}]")))
                .hasMessageContaining("meter").hasMessageContaining("exactly one is required (policy x)");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), List.of("autoscaler.enabled=true",
                "autoscaler.policies=[{name: x, query: 'up', target: 1}]")))
                .hasMessageContaining("prometheus-url");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), List.of("autoscaler.min-instances=5",
                "autoscaler.max-instances=2")))
                .hasMessageContaining("min-instances");
    }
}
