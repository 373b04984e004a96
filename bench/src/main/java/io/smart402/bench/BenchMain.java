package io.smart402.bench;

import io.smart402.bench.baseline.PgBench;
import io.smart402.bench.report.Charts;
import io.smart402.bench.report.MachineInfo;
import io.smart402.bench.report.Progress;
import io.smart402.bench.report.Report;
import io.smart402.bench.report.Results;
import io.smart402.bench.scenario.BenchContext;
import io.smart402.bench.scenario.Profile;
import io.smart402.bench.scenario.Scenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bench CLI: {@code java -jar smart402-bench.jar <quick|full|scenario[,scenario...]> [options]}. Starts the
 * PostgreSQL fleet and one server process per configuration, runs the scenarios, writes {@code results.json},
 * {@code report.md} and the plots into the results directory, prints the summary table, stops what it started.
 */
public final class BenchMain {

    private static final String USAGE = """
            usage: java -jar bench/target/smart402-bench.jar <target> [options]
              quick                every scenario, small sizes: a smoke test of the harness
              full                 every scenario, full sizes (real numbers)
              SCENARIO[,SCENARIO]  only these: ingest read mixed shards concurrency replication failover
                                   gateway overload autoscale
              list                 the scenarios and what they measure
              report DIR           render DIR/report.md again from DIR/results.json (no bench run),
                                   linking only the plots present in DIR
            options:
              --profile quick|full  sizes for named scenarios (default full)
              --out DIR             results directory (default bench-results/<time>-<target>)
              --data-dir DIR        data of the bench PostgreSQL nodes, reused between runs
                                    (default bench/target/bench-data)
              --server-jar FILE     the server to test (default server/target/smart402-server.jar)
              --seed N              contract generator seed (default 402)
            JMH micro-benchmarks: java -jar bench/target/smart402-jmh.jar [JMH options]""";

    private BenchMain() {
    }

    public static void main(String[] args) {
        try {
            System.exit(run(args));
        } catch (IllegalArgumentException e) {
            System.err.println("smart402-bench: " + e.getMessage());
            System.exit(2);
        }
    }

    static int run(String[] args) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            System.out.println(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        String target = args[0];
        Map<String, Scenario> known = new LinkedHashMap<>();
        Scenario.all().forEach(s -> known.put(s.name(), s));
        if (target.equals("list")) {
            known.values().forEach(s -> System.out.printf("%-12s %s%n", s.name(), s.description()));
            return 0;
        }
        if (target.equals("report")) {
            if (args.length != 2) {
                throw new IllegalArgumentException("report needs the results directory\n" + USAGE);
            }
            Path dir = Path.of(args[1]);
            Report.writeMarkdown(Report.readJson(dir.resolve("results.json")), dir);
            System.out.println("results: " + dir.toAbsolutePath().resolve("report.md"));
            return 0;
        }
        String profileName = target.equals("quick") ? "quick" : "full";
        Path out = null;
        Path dataDir = null;
        Path serverJar = null;
        long seed = 402;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--profile" -> profileName = value(args, ++i);
                case "--out" -> out = Path.of(value(args, ++i));
                case "--data-dir" -> dataDir = Path.of(value(args, ++i));
                case "--server-jar" -> serverJar = Path.of(value(args, ++i));
                case "--seed" -> seed = Long.parseLong(value(args, ++i));
                default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'\n" + USAGE);
            }
        }
        List<Scenario> scenarios = new ArrayList<>();
        if (target.equals("quick") || target.equals("full")) {
            scenarios.addAll(known.values());
        } else {
            for (String name : target.split(",")) {
                Scenario s = known.get(name.trim());
                if (s == null) {
                    throw new IllegalArgumentException("unknown scenario '" + name + "'\n" + USAGE);
                }
                scenarios.add(s);
            }
        }
        Profile profile = Profile.named(profileName);
        Path benchJar = ownJar();
        Path moduleRoot = benchJar.getParent() != null && benchJar.getParent().getParent() != null
                ? benchJar.toAbsolutePath().getParent().getParent() : Path.of("bench");
        if (serverJar == null) {
            serverJar = moduleRoot.resolveSibling("server").resolve("target/smart402-server.jar");
            if (!Files.isRegularFile(serverJar)) {
                serverJar = Path.of("server/target/smart402-server.jar");
            }
        }
        if (!Files.isRegularFile(serverJar)) {
            throw new IllegalArgumentException("server jar not found at " + serverJar.toAbsolutePath()
                    + "; build it (./mvnw -q -DskipTests package) or pass --server-jar");
        }
        if (dataDir == null) {
            dataDir = moduleRoot.resolve("target/bench-data");
        }
        if (out == null) {
            out = Path.of("bench-results", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
                    + "-" + target.replace(',', '+'));
        }
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot create results directory " + out + ": " + e.getMessage());
        }
        return runSuite(String.join(" ", args), target, profile, scenarios, out, dataDir, serverJar, benchJar, seed);
    }

    private static int runSuite(String command, String target, Profile profile, List<Scenario> scenarios, Path out,
                                Path dataDir, Path serverJar, Path benchJar, long seed) {
        Progress progress = Progress.toStderr();
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        List<Results.Scenario> results = new ArrayList<>();
        int failures = 0;
        try (MachineInfo machine = new MachineInfo();
             BenchContext ctx = new BenchContext(profile, out, dataDir, serverJar, benchJar, progress, seed)) {
            Thread stopper = new Thread(ctx::close, "bench-stop-fleet");
            Runtime.getRuntime().addShutdownHook(stopper);
            for (int i = 0; i < scenarios.size(); i++) {
                Scenario s = scenarios.get(i);
                progress.scenario(s.name(), i + 1, scenarios.size());
                Results.Scenario result;
                try {
                    result = s.run(ctx);
                } catch (RuntimeException e) {
                    failures++;
                    String error = e.toString().length() > 500 ? e.toString().substring(0, 500) + "..." : e.toString();
                    progress.log("scenario " + s.name() + " failed: " + error);
                    Results.ScenarioBuilder b = new Results.ScenarioBuilder(s.name(), s.description());
                    b.note("FAILED: " + error);
                    b.goal(new Results.Goal(s.name() + " scenario ran", "completes", error, false,
                            "see the logs directory"));
                    result = b.build();
                }
                List<String> plots = Charts.write(result, out);
                result = new Results.Scenario(result.name(), result.description(), result.parameters(),
                        result.runs(), result.baselines(), result.ratios(), result.goals(), plots, result.notes(),
                        result.seconds());
                results.add(result);
                progress.log(String.format("%s done in %.0f s", s.name(), result.seconds()));
                write(command, profile, started, t0, machine, results, out);
            }
            Results.Document doc = write(command, profile, started, t0, machine, results, out);
            progress.done();
            Report.print(doc, System.out);
            System.out.println("results: " + out.toAbsolutePath().resolve("report.md"));
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            } catch (IllegalStateException ignored) {
                // already shutting down
            }
        }
        return failures == 0 ? 0 : 1;
    }

    private static Results.Document write(String command, Profile profile, Instant started, long t0,
                                          MachineInfo machine, List<Results.Scenario> results, Path out) {
        List<Results.Goal> goals = results.stream().flatMap(s -> s.goals().stream()).toList();
        String postgres = MachineInfo.firstLineOf("PostgreSQL (version unknown)", PgBench.binary().toString(),
                "--version");
        String commit = MachineInfo.firstLineOf("unknown", "git", "rev-parse", "--short", "HEAD");
        Results.Document doc = new Results.Document(Results.SCHEMA, profile.name(), "java -jar smart402-bench.jar "
                + command, commit, started.toString(), Instant.now().toString(), (System.nanoTime() - t0) / 1e9,
                machine.describe(postgres), List.copyOf(results), goals);
        Report.writeJson(doc, out.resolve("results.json"));
        Report.writeMarkdown(doc, out);
        return doc;
    }

    private static Path ownJar() {
        try {
            return Path.of(BenchMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (Exception e) {
            return Path.of("bench/target/smart402-bench.jar");
        }
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }
}
