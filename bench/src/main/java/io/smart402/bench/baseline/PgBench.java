package io.smart402.bench.baseline;

import io.smart402.bench.load.LatencyRecorder;
import io.smart402.bench.load.Workload;
import io.smart402.bench.report.Results;
import io.smart402.core.store.ContractRecord;
import io.smart402.shard.launcher.LocalPostgres;
import io.smart402.shard.sql.Sql;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * Baseline (a), the database's ceiling: {@code pgbench} on every shard primary at once, each transaction one
 * execution of the store's own upsert ({@code Sql.UPSERT}, the same text) with a full batch of
 * {@code batchSize} rows of the same processed documents. The five array parameters are inlined as array literals and the documents as one JSON array literal
 * (pgbench cannot bind arrays), ids are {@code pgb-<random>-<n>} so every row is a fresh insert like an ingest,
 * and each transaction is its own commit (synchronous, as the store's).
 */
public final class PgBench {

    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");

    private PgBench() {
    }

    /** The pgbench binary: on PATH, else under /usr/lib/postgresql/<newest>/bin. */
    public static Path binary() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(dir, "pgbench");
            if (!dir.isEmpty() && Files.isExecutable(p)) {
                return p;
            }
        }
        Path root = Path.of("/usr/lib/postgresql");
        try (Stream<Path> versions = Files.isDirectory(root) ? Files.list(root) : Stream.empty()) {
            return versions.map(v -> v.resolve("bin/pgbench")).filter(Files::isExecutable)
                    .max(Path::compareTo)
                    .orElseThrow(() -> new IllegalStateException("pgbench not found on PATH or under " + root));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The pgbench script: the upsert with one batch of rows from {@code workload} inlined. */
    public static String script(Workload workload, int batchSize) {
        return script(workload, batchSize, List.of());
    }

    /**
     * The script for a primary whose shard owes copies to {@code owedNodes}: then the store's statement is the
     * upsert with its outbox rows ({@code SQL_WITH_OUTBOX}), and so is this one.
     */
    public static String script(Workload workload, int batchSize, List<String> owedNodes) {
        List<String> ids = new ArrayList<>();
        List<String> versions = new ArrayList<>();
        List<String> digests = new ArrayList<>();
        List<String> types = new ArrayList<>();
        List<String> statuses = new ArrayList<>();
        List<String> documents = new ArrayList<>();
        for (int n = 0; n < batchSize; n++) {
            ContractRecord r = workload.record(n, "x", 0);
            ids.add(quote("pgb-:pgbid-" + n));
            versions.add(":pgbid");
            digests.add(quote(r.digest()));
            types.add(quote(r.type()));
            statuses.add(quote(r.status()));
            documents.add(r.json());
        }
        String sql = (owedNodes.isEmpty() ? Sql.UPSERT : Sql.UPSERT_WITH_OUTBOX)
                .replace("$7::text[]", array(owedNodes.stream().map(PgBench::quote).toList()) + "::text[]")
                .replace("$1::text[]", array(ids) + "::text[]")
                .replace("$2::int8[]", "ARRAY[" + String.join(",", versions) + "]::int8[]")
                .replace("$3::text[]", array(digests) + "::text[]")
                .replace("$4::text[]", array(types) + "::text[]")
                .replace("$5::text[]", array(statuses) + "::text[]")
                .replace("$6::json", quote("[" + String.join(",", documents) + "]") + "::json");
        if (java.util.regex.Pattern.compile("\\$[1-7]::").matcher(sql).find()) {
            throw new IllegalStateException("Sql.UPSERT changed shape; PgBench must follow: " + sql);
        }
        return "\\set pgbid random(1, 999999999999)\n" + sql + ";\n";
    }

    private static String array(List<String> literals) {
        return "ARRAY[" + String.join(",", literals) + "]";
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    /**
     * Runs pgbench with {@code clientsPerNode} connections on each primary for {@code duration}; throughput in
     * rows per second (transactions × batch size), latency per transaction (one batch).
     */
    public static Results.Run run(String name, Workload workload, List<LocalPostgres.Node> primaries,
                                  List<List<String>> owedByPrimary, int batchSize, int clientsPerNode,
                                  Duration duration, Path workDir) {
        try {
            // Absolute: pgbench runs in this directory, so a relative --out would make the script path wrong.
            Path dir = Files.createDirectories(workDir.toAbsolutePath().resolve("pgbench-" + name.replaceAll("[^A-Za-z0-9_-]", "_")));
            Path bin = binary();
            List<Process> processes = new ArrayList<>();
            for (int n = 0; n < primaries.size(); n++) {
                LocalPostgres.Node node = primaries.get(n);
                Path script = dir.resolve(node.name() + "-upsert.sql");
                Files.writeString(script, script(workload, batchSize, owedByPrimary.get(n)), StandardCharsets.UTF_8);
                List<String> cmd = List.of(bin.toString(), "-h", node.host(), "-p", Integer.toString(node.port()),
                        "-U", node.user(), "-n", "-M", "simple", "-c", Integer.toString(clientsPerNode),
                        "-j", "1", "-T", Long.toString(Math.max(1, duration.toSeconds())), "-f", script.toString(),
                        "-l", "--log-prefix=" + dir.resolve(node.name()), node.database());
                processes.add(new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                        .redirectOutput(dir.resolve(node.name() + ".out").toFile()).start());
            }
            double tps = 0;
            for (int i = 0; i < processes.size(); i++) {
                Process p = processes.get(i);
                if (!p.waitFor(duration.toSeconds() + 120, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException("pgbench did not finish; see " + dir);
                }
                String out = Files.readString(dir.resolve(primaries.get(i).name() + ".out"));
                Matcher m = TPS.matcher(out);
                if (p.exitValue() != 0 || !m.find()) {
                    throw new IllegalStateException("pgbench failed on " + primaries.get(i).name() + ": " + out);
                }
                tps += Double.parseDouble(m.group(1));
            }
            Histogram latency = new Histogram(LatencyRecorder.MAX_MICROS, 3);
            TreeMap<Long, long[]> perSecond = new TreeMap<>();
            long transactions = 0;
            try (Stream<Path> logs = Files.list(dir)) {
                for (Path log : logs.filter(f -> f.getFileName().toString().contains(".log")
                        || f.getFileName().toString().matches(".*-primary\\.[0-9]+(\\.[0-9]+)?")).toList()) {
                    for (String line : Files.readAllLines(log)) {
                        String[] f = line.trim().split("\\s+");
                        if (f.length < 6) {
                            continue;
                        }
                        long micros = Long.parseLong(f[2]);
                        latency.recordValue(Math.min(LatencyRecorder.MAX_MICROS, micros));
                        transactions++;
                        perSecond.computeIfAbsent(Long.parseLong(f[4]), s -> new long[1])[0]++;
                    }
                }
            }
            List<Results.Point> timeline = new ArrayList<>();
            if (!perSecond.isEmpty()) {
                long first = perSecond.firstKey();
                // Whole seconds only: the first and last are partial.
                perSecond.forEach((second, count) -> {
                    if (second != first && second != perSecond.lastKey()) {
                        timeline.add(new Results.Point(second - first, count[0] * (double) batchSize, 0, 0, 0, 0));
                    }
                });
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("nodes", primaries.stream().map(LocalPostgres.Node::name).toList());
            details.put("clients_per_node", clientsPerNode);
            details.put("batch_rows", batchSize);
            details.put("transactions_per_second", tps);
            details.put("protocol", "simple (array parameters inlined as literals)");
            details.put("statement", owedByPrimary.stream().anyMatch(o -> !o.isEmpty())
                    ? "Sql.UPSERT_WITH_OUTBOX (owes " + owedByPrimary + ")" : "Sql.UPSERT");
            details.put("latency_is", "per transaction = one batch of " + batchSize + " rows");
            return new Results.Run(name, "pgbench", "rows", tps * batchSize, transactions * batchSize, 0,
                    duration.toSeconds(), LatencyRecorder.latency(latency), timeline, details);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
