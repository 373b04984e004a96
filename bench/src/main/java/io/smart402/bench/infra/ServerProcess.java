package io.smart402.bench.infra;

import io.smart402.core.process.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The Smart402 server under test, as its own process: {@code java -jar smart402-server.jar serve} on a free port,
 * pointed at launcher nodes with {@code --set shards=[...]}, plus the scenario's {@code --set key=value}
 * overrides. Ready when {@code /ready} answers 200 (every shard primary reachable).
 */
public final class ServerProcess implements AutoCloseable {

    /** JVM options of the server process: a fixed heap so runs are comparable. */
    public static final List<String> JVM = List.of("-Xms512m", "-Xmx1g");

    private final JavaProcess process;
    private final List<String> overrides;

    private ServerProcess(JavaProcess process, List<String> overrides) {
        this.process = process;
        this.overrides = overrides;
    }

    public static ServerProcess start(Path serverJar, String shardsJson, List<String> overrides, Path log) {
        int port = FreePorts.any();
        List<String> args = new ArrayList<>(List.of("-jar", serverJar.toString(), "serve", "--port",
                Integer.toString(port), "--set", "shards=" + shardsJson));
        for (String o : overrides) {
            args.add("--set");
            args.add(o);
        }
        return new ServerProcess(JavaProcess.start("smart402-server", JVM, args, port, "/ready", log,
                Duration.ofSeconds(90)), List.copyOf(overrides));
    }

    /** The server JVM's process id (for its CPU time). */
    public long pid() {
        return process.pid();
    }

    public String baseUrl() {
        return process.baseUrl();
    }

    public List<String> overrides() {
        return overrides;
    }

    public Path log() {
        return process.log();
    }

    /** The Prometheus text of {@code /metrics} (empty on failure). */
    public String metrics() {
        return get("/metrics");
    }

    /** The JSON text of {@code /stats} (empty on failure). */
    public String stats() {
        return get("/stats");
    }

    private String get(String path) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** The sum of every sample of {@code metric} (all label sets) in a Prometheus text, NaN when absent. */
    public static double metric(String prometheusText, String metric) {
        return metric(prometheusText, metric, "");
    }

    /**
     * The sum of the samples of {@code metric} whose label set contains {@code labelText} (e.g.
     * {@code result="hit"}), NaN when absent.
     */
    public static double metric(String prometheusText, String metric, String labelText) {
        double sum = 0;
        boolean found = false;
        for (String line : prometheusText.split("\n")) {
            if (line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            if (space < 0) {
                continue;
            }
            String name = line.substring(0, space);
            int brace = name.indexOf('{');
            String bare = brace < 0 ? name : name.substring(0, brace);
            if (bare.equals(metric) && name.contains(labelText)) {
                try {
                    sum += Double.parseDouble(line.substring(space + 1));
                    found = true;
                } catch (NumberFormatException ignored) {
                    // not a sample line
                }
            }
        }
        return found ? sum : Double.NaN;
    }

    @Override
    public void close() {
        process.close();
    }
}
