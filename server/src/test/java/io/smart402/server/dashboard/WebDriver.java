package io.smart402.server.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smart402.core.process.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * A headless Chromium driven over the W3C WebDriver protocol by Debian's {@code chromedriver} (which matches its
 * {@code chromium} version by construction). The protocol is a handful of JSON calls over HTTP, so the JDK's client
 * speaks it: no Selenium, no Node project, nothing to download at test time. Test threads only (every call blocks).
 */
final class WebDriver implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> DRIVERS = List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");
    private static final List<String> BROWSERS = List.of("/usr/bin/chromium", "/usr/lib/chromium/chromium");

    private final Process driver;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;
    private final String session;

    private WebDriver(Process driver, String base, String session) {
        this.driver = driver;
        this.base = base;
        this.session = session;
    }

    /** Starts chromedriver on a free loopback port and opens a headless session of {@code width} × {@code height}. */
    static WebDriver start(int width, int height) throws Exception {
        String driverBin = System.getProperty("smart402.chromedriver", first(DRIVERS));
        String browserBin = System.getProperty("smart402.chromium", first(BROWSERS));
        if (driverBin == null || browserBin == null) {
            throw new IllegalStateException("the dashboard browser test needs Chromium and its driver: apt-get install "
                    + "chromium chromium-driver (.ci/run installs them); looked for " + DRIVERS + " and " + BROWSERS);
        }
        int port = FreePorts.any();
        Path log = Files.createTempFile("chromedriver", ".log");
        Process process = new ProcessBuilder(driverBin, "--port=" + port, "--allowed-ips=127.0.0.1")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        String base = "http://127.0.0.1:" + port;
        try {
            WebDriver probe = new WebDriver(process, base, null);
            probe.awaitReady(Duration.ofSeconds(60));
            ObjectNode caps = JSON.createObjectNode();
            ObjectNode options = caps.putObject("capabilities").putObject("alwaysMatch")
                    .put("browserName", "chrome").putObject("goog:chromeOptions").put("binary", browserBin);
            // no-sandbox: the tests run as root in CI, where Chromium's sandbox refuses to start.
            // The rest keep the browser off the network (only loopback is ours to reach) and its first run quiet.
            options.putArray("args").add("--headless=new").add("--no-sandbox").add("--disable-gpu")
                    .add("--disable-dev-shm-usage").add("--hide-scrollbars").add("--force-device-scale-factor=1")
                    .add("--window-size=" + width + "," + height)
                    .add("--disable-background-networking").add("--disable-component-update").add("--disable-sync")
                    .add("--disable-default-apps").add("--disable-domain-reliability").add("--no-first-run")
                    .add("--disable-client-side-phishing-detection").add("--no-pings")
                    .add("--disable-features=Translate,OptimizationHints,MediaRouter,AutofillServerCommunication");
            JsonNode created = probe.call("POST", "/session", caps);
            return new WebDriver(process, base, created.at("/value/sessionId").textValue());
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IllegalStateException("chromedriver did not open a session (its log: " + log + ")", e);
        }
    }

    private static String first(List<String> paths) {
        return paths.stream().filter(p -> Files.isExecutable(Path.of(p))).findFirst().orElse(null);
    }

    private void awaitReady(Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            try {
                if (call("GET", "/status", null).at("/value/ready").asBoolean()) {
                    return;
                }
            } catch (IOException notYet) {
                // The port is not open yet.
            }
            if (Instant.now().isAfter(deadline) || !driver.isAlive()) {
                throw new IllegalStateException("chromedriver not ready");
            }
            Thread.sleep(100);
        }
    }

    void open(String url) throws Exception {
        call("POST", "/session/" + session + "/url", JSON.createObjectNode().put("url", url));
    }

    /** Runs {@code script} (a function body: {@code return …}) in the page and returns its value as JSON. */
    JsonNode script(String script) throws Exception {
        ObjectNode body = JSON.createObjectNode().put("script", script);
        body.putArray("args");
        return call("POST", "/session/" + session + "/execute/sync", body).get("value");
    }

    /** The page's text content of the element with {@code id}, or null when there is none. */
    String text(String id) throws Exception {
        JsonNode value = script("var e = document.getElementById('" + id + "'); return e ? e.textContent : null;");
        return value == null || value.isNull() ? null : value.asText();
    }

    void screenshot(Path file) throws Exception {
        String png = call("GET", "/session/" + session + "/screenshot", null).get("value").asText();
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, Base64.getDecoder().decode(png));
    }

    private JsonNode call(String method, String path, JsonNode body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .header("Content-Type", "application/json");
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = JSON.readTree(response.body());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("WebDriver " + method + " " + path + " → " + response.statusCode() + ": "
                    + json.at("/value/message").asText(response.body()));
        }
        return json;
    }

    @Override
    public void close() {
        try {
            if (session != null) {
                call("DELETE", "/session/" + session, null);
            }
        } catch (Exception e) {
            // The browser is going away with its driver anyway.
        } finally {
            // Chromium is the driver's child: if the session did not close it, it must not outlive the test.
            driver.descendants().forEach(ProcessHandle::destroyForcibly);
            driver.destroy();
            try {
                if (!driver.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    driver.destroyForcibly();
                }
            } catch (InterruptedException e) {
                driver.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
