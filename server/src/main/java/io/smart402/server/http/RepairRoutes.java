package io.smart402.server.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.smart402.shard.repair.RepairReport;
import io.smart402.shard.repair.Repairer;
import io.smart402.shard.topology.ShardTopology;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * {@code POST /admin/repair[?shard=ID[,ID…]]}: runs one anti-entropy repair (every shard, or the named ones) and
 * answers with its report once it has finished. One run at a time per server: a second one is a 409.
 */
public final class RepairRoutes {

    private final Repairer repairer;
    private final ShardTopology topology;

    public RepairRoutes(Repairer repairer, ShardTopology topology) {
        this.repairer = repairer;
        this.topology = topology;
    }

    public Publisher<Void> repair(HttpServerRequest request, HttpServerResponse response) {
        List<String> shards = new ArrayList<>();
        new QueryStringDecoder(request.uri()).parameters().getOrDefault("shard", List.of())
                .forEach(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                        .forEach(shards::add));
        for (String shard : shards) {
            if (!topology.shardIds().contains(shard)) {
                throw new ProblemException(Problems.invalidParameter("shard", "unknown shard '" + shard
                        + "'; shards are " + topology.shardIds()));
            }
        }
        Mono<RepairReport> run = shards.isEmpty() ? repairer.repairAll() : repairer.repair(shards);
        return run.flatMap(report -> Mono.from(Responses.json(response, 200, json(report))));
    }

    /** The report as JSON (also printed by the {@code repair} command). */
    public static ObjectNode json(RepairReport report) {
        ObjectNode doc = JsonNodeFactory.instance.objectNode();
        doc.put("complete", report.complete())
                .put("durationMs", report.duration().toMillis())
                .put("rowsChecked", report.rowsChecked())
                .put("chunksCompared", report.chunksCompared())
                .put("chunksMismatched", report.chunksMismatched())
                .put("rowsRepaired", report.rowsRepaired());
        for (RepairReport.ShardReport shard : report.shards()) {
            ObjectNode s = doc.withArray("shards").addObject();
            s.put("shard", shard.shard()).put("complete", shard.complete())
                    .put("rowsChecked", shard.rowsChecked()).put("chunksCompared", shard.chunksCompared())
                    .put("chunksMismatched", shard.chunksMismatched()).put("rowsRepaired", shard.rowsRepaired());
            if (!shard.note().isEmpty()) {
                s.put("note", shard.note());
            }
            for (RepairReport.NodeReport node : shard.nodes()) {
                ObjectNode n = s.withArray("nodes").addObject();
                n.put("node", node.node()).put("role", node.role()).put("reachable", node.reachable())
                        .put("rowsChecked", node.rowsChecked()).put("rowsMissing", node.rowsMissing())
                        .put("rowsStale", node.rowsStale()).put("rowsRepaired", node.rowsRepaired());
                if (!node.error().isEmpty()) {
                    n.put("error", node.error());
                }
            }
        }
        return doc;
    }
}
