package io.smart402.bench.scenario;

import io.smart402.bench.infra.ServerProcess;
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
}
