package io.smart402.bench.infra;

import io.smart402.core.process.ProcessControl;
import io.smart402.core.process.ReadinessWait;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * nginx or HAProxy from the machine's Debian packages, in the foreground with a configuration the bench writes
 * (round-robin or least connections over the given backends, keep-alive to them, no buffering of bodies), so
 * the gateway scenario compares proxies on the same backends and load. {@link #find} says when one is missing;
 * the bench then reports its figures as missing, never made up.
 */
public final class ExternalProxy implements AutoCloseable {

    private final Process process;
    private final int port;

    private ExternalProxy(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** The binary, if installed ({@code /usr/sbin/nginx}, {@code /usr/sbin/haproxy} or on PATH). */
    public static Optional<Path> find(String name) {
        List<Path> candidates = new ArrayList<>(List.of(Path.of("/usr/sbin", name), Path.of("/usr/local/sbin", name)));
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isBlank()) {
                candidates.add(Path.of(dir, name));
            }
        }
        return candidates.stream().filter(Files::isExecutable).findFirst();
    }

    /** nginx with {@code balance} "round-robin" or "least_conn". */
    public static ExternalProxy nginx(Path binary, Path dir, int port, List<Integer> backends, String balance)
            throws IOException {
        Files.createDirectories(dir.resolve("tmp"));
        StringBuilder upstream = new StringBuilder();
        if (balance.equals("least_conn")) {
            upstream.append("    least_conn;\n");
        }
        for (int b : backends) {
            upstream.append("    server 127.0.0.1:").append(b).append(" max_fails=1 fail_timeout=10s;\n");
        }
        String tmp = dir.resolve("tmp").toString();
        String conf = "daemon off;\nworker_processes auto;\npid " + dir.resolve("nginx.pid") + ";\n"
                + "error_log " + dir.resolve("error.log") + " warn;\n"
                + "events { worker_connections 8192; }\n"
                + "http {\n  access_log off;\n"
                + "  client_body_temp_path " + tmp + "/body;\n  proxy_temp_path " + tmp + "/proxy;\n"
                + "  fastcgi_temp_path " + tmp + "/fastcgi;\n  uwsgi_temp_path " + tmp + "/uwsgi;\n"
                + "  scgi_temp_path " + tmp + "/scgi;\n"
                + "  upstream backends {\n" + upstream + "    keepalive 256;\n  }\n"
                + "  server {\n    listen 127.0.0.1:" + port + ";\n    client_max_body_size 0;\n"
                + "    location / {\n      proxy_pass http://backends;\n      proxy_http_version 1.1;\n"
                + "      proxy_set_header Connection \"\";\n      proxy_buffering off;\n"
                + "      proxy_request_buffering off;\n      proxy_connect_timeout 1s;\n"
                + "      proxy_read_timeout 30s;\n      proxy_next_upstream error timeout;\n    }\n  }\n}\n";
        Path file = Files.writeString(dir.resolve("nginx.conf"), conf);
        return start(List.of(binary.toString(), "-p", dir.toString(), "-c", file.toString()), dir, port);
    }

    /** HAProxy with {@code balance} "roundrobin" or "leastconn", health-checking {@code /ready} as our gateway does. */
    public static ExternalProxy haproxy(Path binary, Path dir, int port, List<Integer> backends, String balance)
            throws IOException {
        Files.createDirectories(dir);
        StringBuilder servers = new StringBuilder();
        for (int i = 0; i < backends.size(); i++) {
            servers.append("  server s").append(i).append(" 127.0.0.1:").append(backends.get(i))
                    .append(" check inter 2s fall 3 rise 2\n");
        }
        String conf = "global\n  maxconn 4096\n"
                + "defaults\n  mode http\n  timeout connect 1s\n  timeout client 60s\n  timeout server 30s\n"
                + "  retries 2\n  option redispatch\n  http-reuse safe\n"
                + "frontend fe\n  bind 127.0.0.1:" + port + "\n  default_backend be\n"
                + "backend be\n  balance " + balance + "\n  option httpchk GET /ready\n" + servers;
        Path file = Files.writeString(dir.resolve("haproxy.cfg"), conf);
        return start(List.of(binary.toString(), "-db", "-f", file.toString()), dir, port);
    }

    private static ExternalProxy start(List<String> command, Path dir, int port) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("output.log").toFile()).start();
        ExternalProxy proxy = new ExternalProxy(process, port);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        URI health = URI.create("http://127.0.0.1:" + port + "/health");
        ReadinessWait.Outcome outcome = ReadinessWait.until(process, () -> JavaProcess.answers200(http, health),
                Duration.ofSeconds(30), Duration.ofMillis(100));
        if (outcome != ReadinessWait.Outcome.READY) {
            proxy.close();
            throw new IllegalStateException(command.get(0) + " did not come up (" + outcome + "); see "
                    + dir.resolve("output.log"));
        }
        return proxy;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        ProcessControl.terminate(process, Duration.ofSeconds(10));
    }
}
