package io.smart402.server.docker;

import static io.smart402.server.docker.DockerTools.DOCKER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code docker/prometheus/} under Prometheus' own tool: {@code promtool check config} (with the rule files it
 * names), {@code promtool check rules} and {@code promtool test rules}; each also on a broken copy, which must fail.
 */
class DockerPrometheusTest {

    private static final Path PROMETHEUS = DOCKER.resolve("prometheus");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void theScrapeConfigAndTheRulesItLoadsPassPromtoolCheckConfig(@TempDir Path dir) {
        DockerTools.Result checked = DockerTools.run(dir, "promtool", "check", "config", copyWithRules(dir).toString());
        assertThat(checked.exitCode()).as(checked.output()).isZero();
        assertThat(checked.output()).contains("SUCCESS: 16 rules found");
    }

    @Test
    void aMistypedScrapeConfigKeyFailsPromtoolCheckConfig(@TempDir Path dir) {
        Path config = copyWithRules(dir);
        DockerTools.write(config, DockerTools.replaceOnce(DockerTools.read(config), "  scrape_interval: 10s",
                "  scrape_intervall: 10s"));
        DockerTools.Result checked = DockerTools.run(dir, "promtool", "check", "config", config.toString());
        assertThat(checked.exitCode()).isNotZero();
        assertThat(checked.output()).contains("field scrape_intervall not found");
    }

    @Test
    void theAlertingRulesPassPromtoolCheckRules() {
        DockerTools.Result checked = DockerTools.run(PROMETHEUS, "promtool", "check", "rules", "rules/smart402.yml");
        assertThat(checked.exitCode()).as(checked.output()).isZero();
        assertThat(checked.output()).contains("SUCCESS: 16 rules found");
    }

    @Test
    void aRuleWithBrokenPromqlFailsPromtoolCheckRules(@TempDir Path dir) {
        Path rules = DockerTools.write(dir.resolve("rules.yml"), DockerTools.replaceOnce(
                DockerTools.read(PROMETHEUS.resolve("rules/smart402.yml")),
                "expr: min by (node) (smart402_node_up) == 0", "expr: min by (node) (smart402_node_up == 0"));
        DockerTools.Result checked = DockerTools.run(dir, "promtool", "check", "rules", rules.toString());
        assertThat(checked.exitCode()).isNotZero();
        assertThat(checked.output()).contains("FAILED");
    }

    @Test
    void theAlertUnitTestsPass() {
        DockerTools.Result tested = DockerTools.run(PROMETHEUS, "promtool", "test", "rules", "tests/smart402.test.yml");
        assertThat(tested.exitCode()).as(tested.output()).isZero();
        assertThat(tested.output()).contains("SUCCESS");
    }

    @Test
    void anAlertWhoseThresholdMovedFailsItsUnitTests(@TempDir Path dir) {
        // The 5xx alert at 10 % instead of 5 %: the test case with 5.5 % 5xx expects it to fire, so promtool fails.
        DockerTools.copyTree(PROMETHEUS, dir);
        Path rules = dir.resolve("rules/smart402.yml");
        DockerTools.write(rules, DockerTools.replaceOnce(DockerTools.read(rules), "> 0.05\n", "> 0.10\n"));
        DockerTools.Result tested = DockerTools.run(dir, "promtool", "test", "rules", "tests/smart402.test.yml");
        assertThat(tested.exitCode()).isNotZero();
        assertThat(tested.output()).contains("FAILED").contains("Smart402High5xxRatio");
    }

    @Test
    void everyAlertHasATestWhereItFiresAndOneWhereItDoesNot() throws Exception {
        Set<String> alerts = new TreeSet<>();
        for (JsonNode group : YAML.readTree(PROMETHEUS.resolve("rules/smart402.yml").toFile()).get("groups")) {
            group.get("rules").forEach(rule -> {
                if (rule.has("alert")) {
                    alerts.add(rule.get("alert").asText());
                }
            });
        }
        Set<String> fires = new HashSet<>();
        Set<String> silent = new HashSet<>();
        for (JsonNode test : YAML.readTree(PROMETHEUS.resolve("tests/smart402.test.yml").toFile()).get("tests")) {
            for (JsonNode check : test.path("alert_rule_test")) {
                String alert = check.get("alertname").asText();
                (check.path("exp_alerts").isEmpty() ? silent : fires).add(alert);
            }
        }
        assertThat(alerts).hasSize(12);
        assertThat(fires).as("alerts with a firing test case").containsAll(alerts);
        assertThat(silent).as("alerts with a silent test case").containsAll(alerts);
    }

    @Test
    void theDashboardAndKedaQueriesAreValidPromql(@TempDir Path dir) {
        java.util.Map<String, String> queries = new java.util.LinkedHashMap<>(Queries.dashboard());
        queries.putAll(Queries.keda());
        assertThat(queries).hasSizeGreaterThan(30);
        Path rules = DockerTools.write(dir.resolve("queries.yml"), Queries.asRuleFile(queries));
        DockerTools.Result checked = DockerTools.run(dir, "promtool", "check", "rules", rules.toString());
        assertThat(checked.exitCode()).as(checked.output()).isZero();
        assertThat(checked.output()).contains("SUCCESS: " + queries.size() + " rules found");
    }

    @Test
    void aBrokenPanelQueryFailsThatCheck(@TempDir Path dir) {
        Path rules = DockerTools.write(dir.resolve("queries.yml"), Queries.asRuleFile(java.util.Map.of("panel",
                "sum by (le (rate(smart402_shard_write_seconds_bucket[5m]))")));
        DockerTools.Result checked = DockerTools.run(dir, "promtool", "check", "rules", rules.toString());
        assertThat(checked.exitCode()).isNotZero();
        assertThat(checked.output()).contains("FAILED");
    }

    /** prometheus.yml names its rules by their path in the container; the copy names the copied rules. */
    private static Path copyWithRules(Path dir) {
        DockerTools.copyTree(PROMETHEUS.resolve("rules"), dir.resolve("rules"));
        return DockerTools.write(dir.resolve("prometheus.yml"), DockerTools.replaceOnce(
                DockerTools.read(PROMETHEUS.resolve("prometheus.yml")), "/etc/prometheus/rules/*.yml",
                dir.resolve("rules").toAbsolutePath() + "/*.yml"));
    }
}
