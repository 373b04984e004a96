package io.smart402.server.docker;

import static io.smart402.server.docker.DockerTools.DOCKER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The pieces name each other consistently: the dashboard's data source is the provisioned one, Grafana's
 * provider reads the folder compose mounts, Prometheus loads the rules from where compose mounts them and scrapes
 * the services compose runs. Nothing of this is checked by the tools themselves.
 */
class DockerWiringTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyPanelQueriesTheProvisionedDataSource() throws Exception {
        JsonNode datasource = YAML.readTree(DOCKER.resolve("grafana/provisioning/datasources/prometheus.yaml")
                .toFile()).get("datasources").get(0);
        assertThat(datasource.get("url").asText()).isEqualTo("http://prometheus:9090");
        String uid = datasource.get("uid").asText();
        JsonNode dashboard = JSON.readTree(DOCKER.resolve("grafana/dashboards/smart402.json").toFile());
        assertThat(dashboard.get("uid").asText()).isEqualTo("smart402-overview");
        List<String> wrong = new ArrayList<>();
        for (JsonNode panel : dashboard.get("panels")) {
            if (panel.get("type").asText().equals("row")) {
                continue;
            }
            if (!panel.path("datasource").path("uid").asText().equals(uid) || panel.path("targets").isEmpty()) {
                wrong.add(panel.get("title").asText());
            }
            panel.path("targets").forEach(t -> {
                if (!t.path("datasource").path("uid").asText().equals(uid)) {
                    wrong.add(panel.get("title").asText() + " " + t.path("refId").asText());
                }
            });
        }
        assertThat(wrong).as("panels or targets without the provisioned data source").isEmpty();
    }

    @Test
    void composeMountsWhatGrafanaAndPrometheusRead() throws Exception {
        JsonNode services = YAML.readTree(DOCKER.resolve("compose.yaml").toFile()).get("services");
        String providerPath = YAML.readTree(DOCKER.resolve("grafana/provisioning/dashboards/smart402.yaml").toFile())
                .get("providers").get(0).get("options").get("path").asText();
        assertThat(services.get("grafana").get("volumes").toString())
                .contains("./grafana/dashboards:" + providerPath + ":ro")
                .contains("./grafana/provisioning:/etc/grafana/provisioning:ro");
        JsonNode prometheus = YAML.readTree(DOCKER.resolve("prometheus/prometheus.yml").toFile());
        assertThat(prometheus.get("rule_files").get(0).asText()).isEqualTo("/etc/prometheus/rules/*.yml");
        assertThat(services.get("prometheus").get("volumes").toString())
                .contains("./prometheus/rules:/etc/prometheus/rules:ro")
                .contains("./prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro");
        List<String> targets = new ArrayList<>();
        for (JsonNode job : prometheus.get("scrape_configs")) {
            if (job.get("job_name").asText().startsWith("smart402")) {
                job.get("static_configs").forEach(c -> c.get("targets").forEach(t -> targets.add(t.asText())));
            }
        }
        assertThat(targets).containsExactlyInAnyOrder("server-1:8080", "server-2:8080", "gateway:8080");
        for (String target : targets) {
            assertThat(services.has(target.substring(0, target.indexOf(':')))).as(target).isTrue();
        }
    }
}
