package io.smart402.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smart402.server.Http;
import io.smart402.server.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The dashboard in a real browser (headless Chromium) against the shared test server (real shards, API keys
 * configured): the page asks for the admin key, exchanges it for its session cookie, follows the stats stream while
 * contracts are posted, and ends up showing /stats' counts. Saves a screenshot (server/target/dashboard.png).
 */
class DashboardBrowserTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    /**
     * Under target/, so a test run never dirties the checkout; docs/dashboard.png (the README's picture) is a copy
     * made by hand when the page changes.
     */
    private static final Path SCREENSHOT = Path.of("target", "dashboard.png");

    @Test
    void pageLogsInFollowsTrafficAndShowsTheCountsOfStats() throws Exception {
        String base = TestServer.baseUrl();
        try (WebDriver browser = WebDriver.start(1440, 1500)) {
            browser.open(base + "/dashboard");

            // Keys are configured: the page asks for an admin key before it shows anything.
            await().atMost(TIMEOUT).until(() -> browser.script(
                    "return !document.getElementById('login').hidden;").asBoolean());
            assertThat(browser.script("return document.getElementById('board').hidden;").asBoolean()).isTrue();
            browser.script("document.getElementById('key').value = '" + TestServer.ADMIN_KEY + "';"
                    + "document.getElementById('login').requestSubmit(); return true;");
            await().atMost(TIMEOUT).until(() -> "live".equals(browser.text("status")));
            // The key went into a cookie the page's scripts cannot read, and is not left in the form.
            assertThat(browser.script("return document.cookie;").asText()).doesNotContain("smart402_dashboard");
            assertThat(browser.script("return document.getElementById('key').value;").asText()).isEmpty();

            long before = number(browser.text("processed"));
            long firstSeq = number(browser.text("seq"));

            // Traffic for a few seconds, so the charts have something to draw: stored contracts, invalid ones, reads.
            String run = UUID.randomUUID().toString().substring(0, 8);
            for (int round = 0; round < 8; round++) {
                for (int i = 0; i < 15; i++) {
                    Http.Response created = Http.postJson("/contracts", contract("page_" + run + "_" + round + "_" + i));
                    assertThat(created.status()).as(created.text()).isEqualTo(201);
                }
                assertThat(Http.postJson("/contracts", "{\"type\":\"payment\"}").status()).isEqualTo(400);
                // Reads too, for the cache's hit ratio.
                for (int i = 0; i < 10; i++) {
                    assertThat(Http.get("/contracts/page_" + run + "_" + round + "_" + i).status()).isEqualTo(200);
                }
                Thread.sleep(500);
            }

            // The numbers move with the stream ... (rates are over a 10 s window: a contract per poll keeps it
            // fed, so a slow browser on a loaded machine cannot look only after the window emptied)
            AtomicInteger extra = new AtomicInteger();
            await().atMost(TIMEOUT).untilAsserted(() -> {
                assertThat(Http.postJson("/contracts", contract("page_" + run + "_extra_" + extra.getAndIncrement()))
                        .status()).isEqualTo(201);
                assertThat(number(browser.text("seq"))).isGreaterThan(firstSeq + 3);
                assertThat(decimal(browser.text("stored-rate"))).isPositive();
                assertThat(decimal(browser.text("p99"))).isPositive();
            });
            // ... and once traffic has stopped, the page shows exactly the counts of /stats.
            AtomicReference<String> seen = new AtomicReference<>();
            await().atMost(TIMEOUT).untilAsserted(() -> {
                JsonNode stats = JSON.readTree(Http.get("/stats").body()).get("orchestrator");
                long page = number(browser.text("processed"));
                seen.set("page " + page + ", /stats " + stats);
                assertThat(page).as(seen.get()).isEqualTo(stats.get("total_contracts_processed").asLong());
                assertThat(number(browser.text("invalid"))).isEqualTo(stats.get("invalid_contracts").asLong());
            });
            assertThat(number(browser.text("processed"))).isGreaterThanOrEqualTo(before + 120);
            // Since start, not over the window: the window may have moved past the reads by now.
            assertThat(browser.text("cache-hit-total")).endsWith("%").isNotEqualTo("0 %");
            // Every chart drew, and the node table lists the six nodes of the fleet.
            assertThat(browser.script("return document.querySelectorAll('.charts canvas').length;").asInt())
                    .isGreaterThanOrEqualTo(4);
            assertThat(browser.script("return document.querySelectorAll('#nodes tr').length;").asInt())
                    .isEqualTo(1 + 6);
            assertThat(browser.script("return document.getElementById('nodes').textContent;").asText())
                    .contains("shard_0-primary", "shard_2-replica1");

            browser.screenshot(SCREENSHOT);

            // Optional sections (this process runs no balancer and no auto scaler; OpenDashboardTest checks the
            // stream's balancer section): the latest real event with both added renders their tables. One script,
            // so the next real event cannot replace them before they are read.
            JsonNode rendered = browser.script("""
                    var e = smart402Dashboard.last();
                    e.balancer = {backends: [{balancer: 'gateway', backend: 'serve-1', state: 'healthy',
                        outstanding: 2, requests_per_second: 12.5, failures_per_second: 0,
                        latency_ms: {p50: 3, p90: 5, p99: 9, samples: 40}, ejections: 0}]};
                    e.sections = {autoscaler: {desired: 3, current: 2,
                        instances: [{name: 'serve-1', state: 'running'}, {name: 'serve-2', state: 'starting'}]}};
                    smart402Dashboard.show(e);
                    return {balancerShown: !document.getElementById('balancer-box').hidden,
                        balancer: document.getElementById('balancer').textContent,
                        section: document.getElementById('sections').textContent,
                        instanceRows: document.querySelectorAll('#section-autoscaler-instances tr').length};
                    """);
            assertThat(rendered.get("balancerShown").asBoolean()).isTrue();
            assertThat(rendered.get("balancer").asText()).contains("gateway", "serve-1", "healthy", "12.5");
            assertThat(rendered.get("section").asText()).contains("autoscaler", "desired", "serve-2", "starting");
            assertThat(rendered.get("instanceRows").asInt()).isEqualTo(1 + 2);
        }
    }

    private static String contract(String id) {
        return "{\"id\":\"" + id + "\",\"type\":\"payment\",\"amount\":4200,\"parties\":[\"party_a\",\"party_b\"],"
                + "\"description\":\"Dashboard contract " + id + "\"}";
    }

    /** A whole number as the page prints it (with thousands separators). */
    private static long number(String text) {
        assertThat(text).as("a number on the page").isNotNull().matches("[0-9,]+");
        return Long.parseLong(text.replace(",", ""));
    }

    private static double decimal(String text) {
        assertThat(text).as("a number on the page").isNotNull().matches("[0-9,.]+");
        return Double.parseDouble(text.replace(",", ""));
    }
}
