package io.smart402.core.phase.scc;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The original's pseudo-bytecode (spec §2.3): an instruction list whose first four ASCII characters per
 * instruction are hex-encoded and truncated to 100 hex characters. It is not EVM bytecode; it is kept because
 * {@code deploymentCost} and the goldens depend on it.
 */
final class PseudoBytecode {

    static final int MAX_HEX_LENGTH = 100;
    /** Gas per byte of deployed code in the original's deployment-cost estimate. */
    static final int GAS_PER_BYTE = 200;

    private static final HexFormat HEX = HexFormat.of();

    private PseudoBytecode() {
    }

    static List<String> instructions(IrProgram program) {
        List<String> out = new ArrayList<>();
        for (IrProgram.StateVariable variable : program.packed()) {
            out.add("PUSH " + variable.name());
            out.add("SSTORE slot_" + variable.slot());
        }
        for (IrProgram.Function function : program.functions()) {
            out.add("LABEL " + function.name());
            out.add("JUMPDEST");
        }
        return out;
    }

    static String hex(List<String> instructions) {
        StringBuilder out = new StringBuilder();
        for (String instruction : instructions) {
            String head = instruction.substring(0, Math.min(4, instruction.length()));
            out.append(HEX.formatHex(head.getBytes(StandardCharsets.US_ASCII)));
        }
        return out.length() > MAX_HEX_LENGTH ? out.substring(0, MAX_HEX_LENGTH) : out.toString();
    }

    static long deploymentCost(String hex) {
        return (long) GAS_PER_BYTE * (hex.length() / 2);
    }
}
