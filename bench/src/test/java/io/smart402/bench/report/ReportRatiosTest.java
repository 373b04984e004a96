package io.smart402.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.smart402.bench.docs.RepositoryDocs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: the README listed the shard ratios again under "mixed". A scenario's ratios belong to it alone, and
 * the committed report must be what the generator prints from the committed results.json.
 */
class ReportRatiosTest {

    private static Results.Run run(String name, double throughput) {
        return new Results.Run(name, "closed", "requests", throughput, 100, 0, 1,
                new Results.Latency(1, 2, 3, 4, 5, 1.5), List.of(), Map.of());
    }

    static Results.Document mixedThenShards() {
        Results.ScenarioBuilder mixed = new Results.ScenarioBuilder("mixed", "reads and writes");
        mixed.run(run("mixed-peak", 1915));
        Results.ScenarioBuilder shards = new Results.ScenarioBuilder("shards", "1, 2, 3 shards");
        Results.Run one = shards.run(run("shards-1", 724));
        Results.Run two = shards.run(run("shards-2", 683));
        shards.ratio(new Results.Ratio("efficiency 2 shards", 683 / (2 * 724.0), two.name(), one.name()));
        shards.ratio("speedup 2 shards vs 1", two, one);
        List<Results.Scenario> scenarios = List.of(mixed.build(), shards.build());
        return new Results.Document(Results.SCHEMA, "full", "cmd", "abc", "t0", "t1", 1,
                new Results.Machine("Linux", "cpu", 2, 24_000, "jvm", "pg", 1, 2, 1), scenarios, List.of());
    }

    /** The text from {@code ## name} up to the next section. */
    private static String section(String md, String name) {
        int start = md.indexOf("\n## " + name + "\n");
        assertThat(start).as("section %s", name).isNotNegative();
        int end = md.indexOf("\n## ", start + 1);
        return end < 0 ? md.substring(start) : md.substring(start, end);
    }

    @Test
    void aScenarioWithoutRatiosShowsNoneOfAnotherScenarios() {
        String md = Report.markdown(mixedThenShards());

        String mixed = section(md, "mixed");
        assertThat(mixed).doesNotContain("| ratio | value |").doesNotContain("efficiency").doesNotContain("speedup");
        assertThat(section(md, "shards")).contains("| efficiency 2 shards | 0.472 |")
                .contains("| speedup 2 shards vs 1 | 0.943 |");

        assertThat(Report.ratiosMarkdown(mixedThenShards())).doesNotContain("| mixed |")
                .contains("| shards | efficiency 2 shards | 0.472 |");

        String summary = Report.goals(mixedThenShards());
        assertThat(summary.lines().filter(l -> l.startsWith("mixed"))).isEmpty();
        assertThat(summary.lines().filter(l -> l.startsWith("shards"))).hasSize(2);
    }

    @Test
    void aReportRenderedFromItsResultsJsonIsTheSameReport(@TempDir Path dir) {
        Results.Document doc = mixedThenShards();
        Report.writeJson(doc, dir.resolve("results.json"));

        assertThat(Report.markdown(Report.readJson(dir.resolve("results.json")))).isEqualTo(Report.markdown(doc));
    }

    @Test
    void plotsMissingFromTheReportsDirectoryAreNamedNotLinked(@TempDir Path dir) throws Exception {
        Results.ScenarioBuilder b = new Results.ScenarioBuilder("read", "reads");
        b.plot("read-summary.png");
        b.plot("read-latency.png");
        Results.Document doc = new Results.Document(Results.SCHEMA, "full", "cmd", "abc", "t0", "t1", 1,
                new Results.Machine("Linux", "cpu", 2, 24_000, "jvm", "pg", 1, 2, 1), List.of(b.build()), List.of());
        Files.write(dir.resolve("read-summary.png"), new byte[] {1});

        Report.writeMarkdown(doc, dir);

        String md = Files.readString(dir.resolve("report.md"));
        assertThat(md).contains("![read-summary.png](read-summary.png)").doesNotContain("](read-latency.png)")
                .contains("not kept here: `read-latency.png`");
    }

    /** The README's Performance section copies the committed report's header, goals, runs and ratios. */
    @Test
    void theReadmePerformanceTablesAreTheCommittedReports() throws Exception {
        Path root = RepositoryDocs.root();
        Results.Document doc = Report.readJson(root.resolve("docs/performance/results.json"));
        String md = Report.markdown(doc);
        String readme = Files.readString(root.resolve("README.md"));

        // Each block up to its blank line, so a row added under a copied table fails too.
        assertThat(readme).contains(between(md, "- profile:", "\n\n") + "\n\n")
                .contains(between(md, "| goal |", "\n\n") + "\n\n")
                .contains(between(md, "| scenario | run |", "\n\n") + "\n\n")
                .contains(Report.ratiosMarkdown(doc) + "\n");
    }

    private static String between(String text, String start, String end) {
        int from = text.indexOf(start);
        assertThat(from).as("'%s' in the report", start).isNotNegative();
        return text.substring(from, text.indexOf(end, from));
    }

    @Test
    void theCommittedReportIsWhatTheGeneratorPrintsFromTheCommittedResults() throws Exception {
        Path dir = RepositoryDocs.root().resolve("docs/performance");
        Results.Document doc = Report.readJson(dir.resolve("results.json"));

        assertThat(Files.readString(dir.resolve("report.md")))
                .isEqualTo(Report.markdown(doc, plot -> Files.isRegularFile(dir.resolve(plot))));
    }
}
