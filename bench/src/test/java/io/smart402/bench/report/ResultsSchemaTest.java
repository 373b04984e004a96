package io.smart402.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smart402.bench.baseline.PgBench;
import io.smart402.bench.infra.ServerProcess;
import io.smart402.bench.load.Workload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsSchemaTest {

    static Results.Document sample() {
        Results.Run run = new Results.Run("ingest-ndjson", "batch", "contracts", 1234.5, 6000, 2, 4.86,
                new Results.Latency(3.1, 5.2, 9.9, 15.0, 20.0, 3.5),
                List.of(new Results.Point(1, 1200, 3, 5, 9, 14)), Map.of("streams", 4));
        Results.Run base = new Results.Run("baseline-a-pgbench", "pgbench", "rows", 2000, 8000, 0, 4,
                new Results.Latency(50, 60, 70, 80, 90, 55), List.of(), Map.of());
        Results.ScenarioBuilder b = new Results.ScenarioBuilder("ingest", "test scenario");
        b.parameter("shards", 3);
        b.run(run);
        b.baseline(base);
        b.ratio("ingest / pgbench", run, base);
        b.goal(new Results.Goal("ingest >= 0.8 x (a)", ">= 0.80", "0.617", false, "note"));
        b.goal(new Results.Goal("hit p50", "<= 0.30", "n/a", null, "no cache"));
        b.goal(Results.Goal.numeric("server CPU per contract <= 1.5 x", "<=", 1.5, 1.2, "1.20", "note"));
        Results.Scenario s = b.build();
        return new Results.Document(Results.SCHEMA, "quick", "java -jar smart402-bench.jar quick", "abc123",
                "2025-01-01T00:00:00Z", "2025-01-01T00:02:00Z", 120,
                new Results.Machine("Linux", "cpu", 2, 24_000, "jvm", "pg", 1.0, 2.0, 1.5), List.of(s), s.goals());
    }

    @Test
    void resultsJsonHasTheStableTopLevelFields(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("results.json");
        Report.writeJson(sample(), file);
        JsonNode root = new ObjectMapper().readTree(Files.readString(file));

        assertThat(root.get("schema").asText()).isEqualTo("smart402-bench/1");
        assertThat(root.fieldNames()).toIterable().containsExactly("schema", "profile", "command", "commit",
                "startedAt", "finishedAt", "seconds", "machine", "scenarios", "goals");
        JsonNode scenario = root.get("scenarios").get(0);
        assertThat(scenario.fieldNames()).toIterable().containsExactly("name", "description", "parameters", "runs",
                "baselines", "ratios", "goals", "plots", "notes", "seconds");
        JsonNode run = scenario.get("runs").get(0);
        assertThat(run.fieldNames()).toIterable().containsExactly("name", "mode", "unit", "throughput", "count",
                "errors", "seconds", "latency", "timeline", "details");
        assertThat(run.get("latency").fieldNames()).toIterable()
                .containsExactly("p50", "p90", "p99", "p999", "max", "mean");
        assertThat(scenario.get("ratios").get(0).get("value").asDouble()).isEqualTo(1234.5 / 2000);
        assertThat(root.get("goals").get(0).get("pass").asBoolean()).isFalse();
        assertThat(root.get("goals").get(1).get("pass").isNull()).isTrue();
        JsonNode numeric = root.get("goals").get(2);
        assertThat(numeric.get("pass").asBoolean()).isTrue();
        assertThat(numeric.get("value").asDouble()).isEqualTo(1.2);
        assertThat(numeric.get("comparison").asText()).isEqualTo("<=");
        assertThat(numeric.get("threshold").asDouble()).isEqualTo(1.5);
    }

    @Test
    void numericGoalsFailOnTheWrongSideAndAreUnmeasuredWithoutAValue() {
        assertThat(Results.Goal.numeric("g", ">=", 0.8, 0.79, "0.79", "").pass()).isFalse();
        assertThat(Results.Goal.numeric("g", ">=", 0.8, 0.8, "0.80", "").pass()).isTrue();
        assertThat(Results.Goal.numeric("g", "<=", 50, Double.POSITIVE_INFINITY, "errors", "").pass()).isFalse();
        Results.Goal unmeasured = Results.Goal.numeric("g", "<=", 1.5, Double.NaN, "n/a", "");
        assertThat(unmeasured.pass()).isNull();
        assertThat(unmeasured.value()).isNull();
    }

    @Test
    void markdownAndTableShowEveryRunAndGoalVerdict() {
        Results.Document doc = sample();
        String md = Report.markdown(doc);
        assertThat(md).contains("| ingest | ingest-ndjson | batch | 1,235 |").contains("**FAIL**").contains("**N/A**");
        assertThat(Report.table(doc)).contains("baseline-a-pgbench");
        assertThat(Report.goals(doc)).contains("FAIL").contains("N/A");
    }

    @Test
    void pgbenchScriptIsTheStoresUpsertWithOneFullBatchInlined() {
        String script = PgBench.script(new Workload(402, "t-", 11), 16);
        assertThat(script).startsWith("\\set pgbid random(");
        assertThat(script).contains("INSERT INTO contracts AS stored (id, version, digest, type, status, document)")
                .contains("ON CONFLICT (id) DO UPDATE").contains("WHERE stored.version < excluded.version");
        assertThat(Pattern.compile("\\$[1-6]::").matcher(script).find()).isFalse();
        assertThat(script).contains("'pgb-:pgbid-0'").contains("'pgb-:pgbid-15'").doesNotContain("'pgb-:pgbid-16'");

        String withOutbox = PgBench.script(new Workload(402, "t-", 11), 4, List.of("shard_0-replica1"));
        assertThat(withOutbox).contains("INSERT INTO outbox").contains("ARRAY['shard_0-replica1']::text[]");
        assertThat(Pattern.compile("\\$[1-7]::").matcher(withOutbox).find()).isFalse();
    }

    @Test
    void prometheusSamplesAreSummedAcrossLabels() {
        String text = """
                # HELP x
                smart402_shard_batch_size_rows_sum 300.0
                smart402_shard_batch_size_rows_count 4.0
                cache_gets_total{cache="l1",result="hit"} 30.0
                cache_gets_total{cache="l2",result="hit"} 5.0
                cache_gets_total{cache="l1",result="miss"} 15.0
                """;
        assertThat(ServerProcess.metric(text, "smart402_shard_batch_size_rows_sum")).isEqualTo(300.0);
        assertThat(ServerProcess.metric(text, "cache_gets_total", "result=\"hit\"")).isEqualTo(35.0);
        assertThat(ServerProcess.metric(text, "absent")).isNaN();
    }
}
