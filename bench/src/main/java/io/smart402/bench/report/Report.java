package io.smart402.bench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/** Writes {@code results.json} and {@code report.md}, and prints the summary table. */
public final class Report {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private Report() {
    }

    public static void writeJson(Results.Document doc, Path file) {
        try {
            Files.writeString(file, JSON.writeValueAsString(doc) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a {@code results.json} back (to render its report again without running the bench). */
    public static Results.Document readJson(Path file) {
        try {
            return JSON.readValue(Files.readString(file, StandardCharsets.UTF_8), Results.Document.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes {@code report.md} for {@code doc} into {@code dir}, linking only the plots that are in {@code dir}: a
     * report kept apart from its results directory (docs/performance holds a few plots of a run) must not link
     * images that are not there.
     */
    public static void writeMarkdown(Results.Document doc, Path dir) {
        try {
            Files.writeString(dir.resolve("report.md"), markdown(doc, plot -> Files.isRegularFile(dir.resolve(plot))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String json(Results.Document doc) {
        try {
            return JSON.writeValueAsString(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The summary table: one row per run and baseline. */
    public static String table(Results.Document doc) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"scenario", "run", "mode", "throughput", "unit/s", "p50 ms", "p99 ms", "errors"});
        for (Results.Scenario s : doc.scenarios()) {
            List<Results.Run> all = new ArrayList<>(s.runs());
            all.addAll(s.baselines());
            for (Results.Run r : all) {
                boolean latency = !r.mode().equals("inproc") || r.unit().equals("rows");
                rows.add(new String[] {s.name(), r.name(), r.mode(), fmt(r.throughput()), r.unit(),
                        latency ? fmt2(r.latency().p50()) : "-", latency ? fmt2(r.latency().p99()) : "-",
                        Long.toString(r.errors())});
            }
        }
        return render(rows);
    }

    /** Ratios and goals with pass/fail. */
    public static String goals(Results.Document doc) {
        StringBuilder out = new StringBuilder();
        List<String[]> ratios = new ArrayList<>();
        ratios.add(new String[] {"scenario", "ratio", "value"});
        for (Results.Scenario s : doc.scenarios()) {
            for (Results.Ratio r : s.ratios()) {
                ratios.add(new String[] {s.name(), r.name(), String.format(Locale.ROOT, "%.3f", r.value())});
            }
        }
        out.append(render(ratios)).append('\n');
        List<String[]> goals = new ArrayList<>();
        goals.add(new String[] {"goal", "target", "measured", "result"});
        for (Results.Goal g : doc.goals()) {
            goals.add(new String[] {g.name(), g.target(), g.actual(), verdict(g)});
        }
        out.append(render(goals));
        return out.toString();
    }

    public static String verdict(Results.Goal g) {
        return g.pass() == null ? "N/A" : g.pass() ? "PASS" : "FAIL";
    }

    public static void print(Results.Document doc, PrintStream out) {
        out.println();
        out.println(table(doc));
        out.println(goals(doc));
    }

    /** The Markdown report: machine, table, goals, then each scenario with its plots, ratios and notes. */
    public static String markdown(Results.Document doc) {
        return markdown(doc, plot -> true);
    }

    /** The Markdown report, linking only the plots {@code present} accepts and naming the others. */
    public static String markdown(Results.Document doc, Predicate<String> present) {
        StringBuilder md = new StringBuilder();
        Results.Machine m = doc.machine();
        md.append("# Smart402 bench report\n\n");
        md.append("- profile: `").append(doc.profile()).append("`; command: `").append(doc.command()).append("`\n");
        md.append("- started ").append(doc.startedAt()).append(", took ")
                .append(String.format(Locale.ROOT, "%.0f s", doc.seconds())).append('\n');
        md.append("- machine: ").append(m.cpu()).append(", ").append(m.cores()).append(" cores, ")
                .append(m.memoryMb() / 1024).append(" GiB; ").append(m.os()).append("; ").append(m.jvm())
                .append("; ").append(m.postgres()).append('\n');
        md.append(String.format(Locale.ROOT, "- load average (1 min): %.2f at start, %.2f max, %.2f at end%n%n",
                m.loadStart(), m.loadMax(), m.loadEnd()));
        md.append("Client, server and PostgreSQL share this machine's cores; every figure below is from this run.\n\n");
        md.append("## Goals\n\n");
        md.append("| goal | target | measured | result | note |\n| --- | --- | --- | --- | --- |\n");
        for (Results.Goal g : doc.goals()) {
            md.append("| ").append(g.name()).append(" | ").append(g.target()).append(" | ").append(g.actual())
                    .append(" | **").append(verdict(g)).append("** | ").append(g.note()).append(" |\n");
        }
        md.append("\n## All runs\n\n");
        md.append("| scenario | run | mode | throughput | unit/s | p50 ms | p90 ms | p99 ms | p99.9 ms | errors |\n");
        md.append("| --- | --- | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: |\n");
        for (Results.Scenario s : doc.scenarios()) {
            List<Results.Run> all = new ArrayList<>(s.runs());
            all.addAll(s.baselines());
            for (Results.Run r : all) {
                md.append("| ").append(s.name()).append(" | ").append(r.name()).append(" | ").append(r.mode())
                        .append(" | ").append(fmt(r.throughput())).append(" | ").append(r.unit()).append(" | ")
                        .append(fmt2(r.latency().p50())).append(" | ").append(fmt2(r.latency().p90())).append(" | ")
                        .append(fmt2(r.latency().p99())).append(" | ").append(fmt2(r.latency().p999())).append(" | ")
                        .append(r.errors()).append(" |\n");
            }
        }
        md.append("\n## Ratios\n\n").append(ratiosMarkdown(doc));
        for (Results.Scenario s : doc.scenarios()) {
            md.append("\n## ").append(s.name()).append("\n\n").append(s.description()).append("\n\n");
            md.append("Parameters: `").append(s.parameters()).append("`\n\n");
            if (!s.ratios().isEmpty()) {
                md.append("| ratio | value |\n| --- | ---: |\n");
                for (Results.Ratio r : s.ratios()) {
                    md.append("| ").append(r.name()).append(" | ")
                            .append(String.format(Locale.ROOT, "%.3f", r.value())).append(" |\n");
                }
                md.append('\n');
            }
            for (Results.Run r : concat(s.runs(), s.baselines())) {
                md.append("- `").append(r.name()).append("`: ").append(r.details()).append('\n');
            }
            for (String note : s.notes()) {
                md.append("\n> ").append(note).append('\n');
            }
            md.append('\n');
            List<String> absent = new ArrayList<>();
            for (String plot : s.plots()) {
                if (present.test(plot)) {
                    md.append("![").append(plot).append("](").append(plot).append(")\n");
                } else {
                    absent.add(plot);
                }
            }
            if (!absent.isEmpty()) {
                md.append(absent.size() < s.plots().size() ? "\n" : "").append("Plots of this run not kept here: `").append(String.join("`, `", absent)).append('`').append('\n');
            }
        }
        return md.toString();
    }

    /** Every scenario's ratios in one table, each under the scenario that measured it (the README's copy). */
    public static String ratiosMarkdown(Results.Document doc) {
        StringBuilder md = new StringBuilder("| scenario | ratio | value |\n| --- | --- | ---: |\n");
        for (Results.Scenario s : doc.scenarios()) {
            for (Results.Ratio r : s.ratios()) {
                md.append("| ").append(s.name()).append(" | ").append(r.name()).append(" | ")
                        .append(String.format(Locale.ROOT, "%.3f", r.value())).append(" |\n");
            }
        }
        return md.toString();
    }

    private static List<Results.Run> concat(List<Results.Run> a, List<Results.Run> b) {
        List<Results.Run> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    static String fmt(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%,.0f", v);
    }

    static String fmt2(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String render(List<String[]> rows) {
        int cols = rows.get(0).length;
        int[] width = new int[cols];
        for (String[] r : rows) {
            for (int c = 0; c < cols; c++) {
                width[c] = Math.max(width[c], r[c].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < rows.size(); i++) {
            String[] r = rows.get(i);
            for (int c = 0; c < cols; c++) {
                boolean numeric = c > 2 && i > 0;
                String cell = numeric ? " ".repeat(width[c] - r[c].length()) + r[c]
                        : r[c] + " ".repeat(width[c] - r[c].length());
                out.append(cell).append(c + 1 < cols ? "  " : "");
            }
            out.append('\n');
            if (i == 0) {
                for (int c = 0; c < cols; c++) {
                    out.append("-".repeat(width[c])).append(c + 1 < cols ? "  " : "");
                }
                out.append('\n');
            }
        }
        return out.toString();
    }
}
