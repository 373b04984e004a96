package io.smart402.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The results model, written as {@code results.json}. The schema is stable: fields are only ever added, and
 * {@link #SCHEMA} changes when one changes meaning. Latencies are milliseconds, throughputs per second in the
 * run's {@code unit}.
 */
public final class Results {

    public static final String SCHEMA = "smart402-bench/1";

    private Results() {
    }

    /** Latency percentiles in milliseconds. */
    public record Latency(double p50, double p90, double p99, double p999, double max, double mean) {
    }

    /** One second of a run: time since start (s), completions per second and that second's percentiles (ms). */
    public record Point(double t, double throughput, double p50, double p90, double p99, double p999) {
    }

    /**
     * One measured run.
     *
     * @param mode     {@code closed} (max throughput, fixed concurrency), {@code open} (constant arrival rate,
     *                 latencies from the intended start), {@code batch} (NDJSON streams), {@code inproc} (no HTTP),
     *                 {@code pgbench}
     * @param unit     what {@code throughput} counts per second: {@code requests}, {@code contracts}, {@code rows}
     * @param details  run-specific figures (offered rate, concurrency, hit ratio, mean batch size, …)
     */
    public record Run(String name, String mode, String unit, double throughput, long count, long errors,
                      double seconds, Latency latency, List<Point> timeline, Map<String, Object> details) {

        /** This run with {@code extra} added to its details. */
        public Run withDetails(Map<String, Object> extra) {
            Map<String, Object> d = new LinkedHashMap<>(details);
            d.putAll(extra);
            return new Run(name, mode, unit, throughput, count, errors, seconds, latency, timeline, d);
        }
    }

    /** {@code value = numerator / denominator}, both named by run. */
    public record Ratio(String name, double value, String numerator, String denominator) {
    }

    /**
     * A goal of issue 6 §6 or issue 15: {@code pass} is null when it could not be measured in this run. A goal
     * with numbers also carries them for scripts: {@code pass} is {@code value <comparison> threshold}, with
     * {@code comparison} one of {@code >=}, {@code <=}; all three are null for a goal stated only in words.
     */
    public record Goal(String name, String target, String actual, Boolean pass, String note, Double value,
                       String comparison, Double threshold) {

        public Goal(String name, String target, String actual, Boolean pass, String note) {
            this(name, target, actual, pass, note, null, null, null);
        }

        /** A numeric goal: passes when {@code value} is a number and {@code value comparison threshold}. */
        public static Goal numeric(String name, String comparison, double threshold, double value, String actual,
                                   String note) {
            boolean measured = !Double.isNaN(value);
            Boolean pass = !measured ? null
                    : comparison.equals(">=") ? value >= threshold
                    : comparison.equals("<=") ? value <= threshold
                    : null;
            if (pass == null && measured) {
                throw new IllegalArgumentException("comparison is >= or <=, not " + comparison);
            }
            return new Goal(name, comparison + " " + threshold, actual, pass, note, measured ? value : null,
                    comparison, threshold);
        }
    }

    public record Scenario(String name, String description, Map<String, Object> parameters, List<Run> runs,
                           List<Run> baselines, List<Ratio> ratios, List<Goal> goals, List<String> plots,
                           List<String> notes, double seconds) {
    }

    /** The machine and its load while the suite ran (load averages from /proc/loadavg, 1-minute). */
    public record Machine(String os, String cpu, int cores, long memoryMb, String jvm, String postgres,
                          double loadStart, double loadMax, double loadEnd) {
    }

    public record Document(String schema, String profile, String command, String commit, String startedAt,
                           String finishedAt, double seconds, Machine machine, List<Scenario> scenarios,
                           List<Goal> goals) {
    }

    /** Collects one scenario's figures while it runs. */
    public static final class ScenarioBuilder {
        private final String name;
        private final String description;
        private final Map<String, Object> parameters = new LinkedHashMap<>();
        private final List<Run> runs = new ArrayList<>();
        private final List<Run> baselines = new ArrayList<>();
        private final List<Ratio> ratios = new ArrayList<>();
        private final List<Goal> goals = new ArrayList<>();
        private final List<String> plots = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();
        private final long started = System.nanoTime();

        public ScenarioBuilder(String name, String description) {
            this.name = name;
            this.description = description;
        }

        public String name() {
            return name;
        }

        public ScenarioBuilder parameter(String key, Object value) {
            parameters.put(key, value);
            return this;
        }

        public Run run(Run run) {
            runs.add(run);
            return run;
        }

        public Run baseline(Run run) {
            baselines.add(run);
            return run;
        }

        public List<Run> runs() {
            return runs;
        }

        public List<Run> baselines() {
            return baselines;
        }

        /** Adds {@code numerator.throughput / denominator.throughput} (NaN when the denominator is zero). */
        public Ratio ratio(String ratioName, Run numerator, Run denominator) {
            double value = denominator.throughput() > 0 ? numerator.throughput() / denominator.throughput() : Double.NaN;
            Ratio ratio = new Ratio(ratioName, value, numerator.name(), denominator.name());
            ratios.add(ratio);
            return ratio;
        }

        public Ratio ratio(Ratio ratio) {
            ratios.add(ratio);
            return ratio;
        }

        public Goal goal(Goal goal) {
            goals.add(goal);
            return goal;
        }

        public void plot(String file) {
            plots.add(file);
        }

        public void note(String note) {
            notes.add(note);
        }

        public Scenario build() {
            return new Scenario(name, description, parameters, List.copyOf(runs), List.copyOf(baselines),
                    List.copyOf(ratios), List.copyOf(goals), List.copyOf(plots), List.copyOf(notes),
                    (System.nanoTime() - started) / 1e9);
        }
    }
}
