package io.smart402.core.phase.scc;

import io.smart402.core.contract.CanonicalJson;
import java.util.List;
import java.util.Map;

/**
 * The selector table (spec §2.3): the original's {@code selectorSha256} = SHA-256({@code name()})[0:8] next to
 * the real ABI {@code selector} = Keccak-256(canonical signature)[0:4] of each function the Solidity source
 * declares.
 */
final class Selectors {

    /** The original's function names for the two functions its IR knows; others keep their Solidity name. */
    private static final Map<String, String> IR_NAMES = Map.of("execute", "execute", "verifyConditions",
            "verify_conditions");

    record Entry(String function, String signature, String selector, String selectorSha256) {
    }

    private Selectors() {
    }

    static List<Entry> of(List<SolidityWriter.DeclaredFunction> functions) {
        return functions.stream().map(f -> {
            String irName = IR_NAMES.getOrDefault(f.name(), f.name());
            return new Entry(f.name(), f.signature(), Keccak256.selector(f.signature()),
                    CanonicalJson.sha256Hex(irName + "()").substring(0, 8));
        }).toList();
    }

    /** The event topic: {@code 0x} + Keccak-256 of the canonical event signature. */
    static String eventTopic(String signature) {
        return "0x" + Keccak256.hex(signature);
    }
}
