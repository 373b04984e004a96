package io.smart402.core.phase.aeo;

import io.smart402.core.contract.CanonicalJson;
import io.smart402.core.contract.Contract;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The 32-value hash embedding of src/aeo/semantic_graph.py (spec §2.1). The original padded it to 128 zeros;
 * only the 32 digest bytes carry information, so only those are emitted.
 */
final class Embedding {

    static final int DIMENSIONS = 32;

    private Embedding() {
    }

    static double[] of(Contract contract) {
        List<String> parts = new ArrayList<>(3);
        for (String part : new String[] {contract.type(), contract.description(), contract.terms()}) {
            if (part != null) {
                parts.add(part);
            }
        }
        byte[] digest = CanonicalJson.sha256(String.join("|", parts).getBytes(StandardCharsets.UTF_8));
        double[] embedding = new double[DIMENSIONS];
        for (int i = 0; i < DIMENSIONS; i++) {
            embedding[i] = Byte.toUnsignedInt(digest[i]) / 255.0;
        }
        return embedding;
    }
}
