package io.smart402.bench.scenario;

import io.smart402.bench.infra.ServerProcess;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Figures the bench reads from the server's {@code /metrics} after a run, for the report's details. */
final class ServerMetrics {

    private ServerMetrics() {
    }

    /** Mean rows per multi-row upsert, batches written, and contracts stored, since the server started. */
    static Map<String, Object> storeFigures(ServerProcess server) {
        String text = server.metrics();
        Map<String, Object> out = new LinkedHashMap<>();
        double rows = ServerProcess.metric(text, "smart402_shard_batch_size_rows_sum");
        double batches = ServerProcess.metric(text, "smart402_shard_batch_size_rows_count");
        if (batches > 0) {
            out.put("server_mean_batch_rows", rows / batches);
            out.put("server_batches", (long) batches);
        }
        double stored = ServerProcess.metric(text, "smart402_contracts_stored_total");
        if (!Double.isNaN(stored)) {
            out.put("server_contracts_stored", (long) stored);
        }
        return out;
    }

    /**
     * Waits, at most {@code max}, until the server owes nothing: no row queued for a shard and no replica copy
     * left in any outbox, in three reads of {@code /metrics} in a row, 400 ms apart (the outbox depth is refreshed
     * by the health checks, every 500 ms by default, so the reads span more than one refresh). A run measured
     * right after a saturating one otherwise carries its backlog: replica copies and outbox replays still
     * competing for the same cores. The seconds waited, and whether the server
     * got there, go into the next run's details.
     */
    static Map<String, Object> settle(ServerProcess server, Duration max) {
        long start = System.nanoTime();
        long deadline = start + max.toNanos();
        int quietReads = 0;
        while (quietReads < 3 && System.nanoTime() < deadline) {
            // A failed read is an empty text (metrics() never throws): NaN, so not quiet.
            String text = server.metrics();
            double owed = ServerProcess.metric(text, "smart402_outbox_depth_rows")
                    + ServerProcess.metric(text, "smart402_shard_write_queued_rows");
            quietReads = owed == 0 ? quietReads + 1 : 0;
            if (quietReads < 3) {
                try {
                    Thread.sleep(400);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("settled_before_run_seconds", Math.round((System.nanoTime() - start) / 1e7) / 100.0);
        out.put("settled", quietReads >= 3);
        return out;
    }
}
