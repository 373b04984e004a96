package io.smart402.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The series an operator needs on a live scrape: latency histograms (buckets, so {@code histogram_quantile}
 * works), the JVM, process and Netty binders, and every node's R2DBC pool.
 */
class OperatorMetricsTest {

    @Test
    void latenciesArePublishedAsHistogramsWithBuckets() throws Exception {
        Http.Response created = Http.postJson("/contracts", ContractEndpointsTest.example("example-b.json"));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(Http.postJson("/contracts", "{\"type\":").status()).isEqualTo(400);

        assertThat(Http.get("/metrics").text())
                .contains("http_server_requests_seconds_bucket{method=\"POST\",status=\"201\",uri=\"/contracts\",le=\"0.005\"}")
                .contains("http_server_requests_seconds_bucket{method=\"POST\",status=\"201\",uri=\"/contracts\",le=\"+Inf\"}")
                .contains("smart402_contract_processing_seconds_bucket{outcome=\"stored\",le=\"0.1\"}")
                .contains("smart402_contract_processing_seconds_bucket{outcome=\"invalid\",le=\"0.001\"}")
                .contains("smart402_phase_duration_seconds_bucket{phase=\"scc\",le=\"1.0E-5\"}")
                .contains("smart402_shard_write_seconds_bucket{shard=\"shard_0\",le=\"5.0E-4\"}")
                .contains("smart402_shard_read_seconds_bucket{shard=\"shard_1\",le=\"0.01\"}");
        assertThat(count(Http.get("/metrics").text(), "smart402_contract_processing_seconds_count{outcome=\"stored\"}"))
                .isPositive();
        // The copy to the replica lands after the 201: its delay is recorded then.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(Http.get("/metrics").text())
                .containsPattern("smart402_replica_copy_delay_seconds_count\\{node=\"shard_\\d-replica1\"} [1-9]"));
        assertThat(Http.get("/metrics").text())
                .contains("smart402_replica_copy_delay_seconds_bucket{node=\"shard_0-replica1\",le=\"60.0\"}");
    }

    @Test
    void jvmProcessAndNettyBindersArePublished() {
        assertThat(Http.get("/metrics").text())
                .contains("jvm_memory_used_bytes{area=\"heap\"")
                .contains("jvm_memory_max_bytes{area=\"heap\"")
                .contains("jvm_memory_usage_after_gc{area=\"heap\",pool=\"long-lived\"}")
                .contains("jvm_gc_memory_allocated_bytes_total")
                .contains("jvm_threads_live_threads")
                .contains("jvm_classes_loaded_classes")
                .contains("process_cpu_seconds_total")
                .contains("process_cpu_usage")
                .contains("system_cpu_usage")
                .contains("system_cpu_available")
                .contains("process_uptime_seconds")
                .contains("process_files_open_files")
                .contains("netty_allocator_memory_used_bytes{")
                .containsPattern("netty_eventexecutor_tasks_pending\\{group=\"http\",name=\"reactor-http-[a-z]+-1\"}")
                .containsPattern("netty_eventexecutor_tasks_pending\\{group=\"r2dbc\",name=\"reactor-tcp-[a-z]+-1\"}");
        assertThat(count(Http.get("/metrics").text(), "process_cpu_seconds_total")).isPositive();
    }

    @Test
    void workInFlightIsPublished() {
        String scrape = Http.get("/metrics").text();
        assertThat(scrape).contains("smart402_pipeline_in_flight ").contains("http_server_requests_active ");
        for (String shard : new String[] {"shard_0", "shard_1", "shard_2"}) {
            assertThat(scrape).contains("smart402_shard_write_queued_rows{shard=\"" + shard + "\"}");
        }
    }

    @Test
    void everyNodesPoolIsPublished() {
        String scrape = Http.get("/metrics").text();
        for (String node : new String[] {"shard_0-primary", "shard_0-replica1", "shard_1-primary",
                "shard_1-replica1", "shard_2-primary", "shard_2-replica1"}) {
            String tag = "{node=\"" + node + "\"}";
            assertThat(scrape).contains("smart402_r2dbc_pool_acquired_connections" + tag)
                    .contains("smart402_r2dbc_pool_idle_connections" + tag)
                    .contains("smart402_r2dbc_pool_allocated_connections" + tag)
                    .contains("smart402_r2dbc_pool_pending_requests" + tag);
            assertThat(count(scrape, "smart402_r2dbc_pool_max_connections" + tag)).as(node)
                    .isEqualTo(TestServer.get().store().pool(node).maxSize());
        }
    }

    /** The value of one series (its whole name and tags as printed). */
    private static double count(String scrape, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
        assertThat(m.find()).as(series + " in the scrape").isTrue();
        return Double.parseDouble(m.group(1));
    }
}
