package io.smart402.core.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smart402.core.contract.Contract;
import io.smart402.core.phase.PhaseName;
import io.smart402.core.phase.PhaseResult;
import io.smart402.core.phase.PhaseResults;
import java.time.Instant;

/** Builds the processed document of spec §2.0 from a contract and its phase results. */
final class ProcessedDocument {

    private ProcessedDocument() {
    }

    static ObjectNode assemble(Contract contract, PhaseResults results, ObjectNode stateTrace, long[] finishedAt) {
        ObjectNode document = contract.toJson();
        document.put("canonicalType", contract.canonicalType());
        document.put("category", contract.category());
        document.put("digest", contract.digest());
        for (PhaseName phase : PhaseName.values()) {
            if (results.has(phase)) {
                document.set(phase.key(), results.get(phase).output());
            }
        }
        document.set("stateTrace", stateTrace);
        document.put("status", "processed");
        // The original orchestrator's flat flags, kept for compatibility (spec §2.0).
        for (PhaseName phase : PhaseName.values()) {
            if (results.has(phase)) {
                PhaseResult result = results.get(phase);
                document.put(phase.key() + "_processed", true);
                document.put(phase.key() + "_score", result.score());
                document.put(phase.key() + "_timestamp", Instant.ofEpochMilli(finishedAt[phase.ordinal()]).toString());
            }
        }
        return document;
    }
}
