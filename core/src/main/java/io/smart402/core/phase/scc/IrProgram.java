package io.smart402.core.phase.scc;

import io.smart402.core.contract.Contract;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The original compiler's model of a contract (spec §2.3, REPO src/scc/compiler.py): state variables, two
 * functions and one event, then the storage-packing pass. The parties' names are {@code party_{index}}
 * because identifiers are not legal names (REPO-FIX).
 */
record IrProgram(List<StateVariable> declared, List<StateVariable> packed, List<Function> functions,
                 List<Event> events) {

    /** SSTORE of a fresh slot, charged once per state variable by the original estimate. */
    static final int SSTORE_GAS = 20_000;
    /** Base transaction cost of every function. */
    static final int BASE_FUNCTION_GAS = 21_000;
    /** Gas charged per whitespace-separated word of a function body. */
    static final int GAS_PER_WORD = 3;

    private static final String BODY = "return true;";
    /** Words of {@link #BODY}, counted once (a regex split per function cost more than the rest of the IR). */
    private static final int BODY_WORDS = BODY.trim().split("\\s+").length;

    /** @param slot the IR slot: the declaration index */
    record StateVariable(String name, String type, int slot) {

        /** Bit size as the original's packing pass sees it: uint* 256, address 160, bool 8, else 256. */
        int bits() {
            if (type.contains("uint")) {
                return 256;
            }
            return switch (type) {
                case "address" -> 160;
                case "bool" -> 8;
                default -> 256;
            };
        }
    }

    record Function(String name, String body, String returnType, int gas) {
    }

    record Event(String name, List<String> parameters) {

        /** The canonical signature, e.g. {@code ContractExecuted(uint256,address)}. */
        String signature() {
            return name + "(" + String.join(",", parameters.stream().map(p -> p.split(" ")[0]).toList()) + ")";
        }
    }

    IrProgram {
        declared = List.copyOf(declared);
        packed = List.copyOf(packed);
        functions = List.copyOf(functions);
        events = List.copyOf(events);
    }

    static IrProgram of(Contract contract) {
        List<StateVariable> declared = new ArrayList<>();
        for (int i = 0; i < contract.parties().size(); i++) {
            declared.add(new StateVariable("party_" + i, "address", declared.size()));
        }
        if (contract.payment() != null && contract.payment().amount() != null) {
            declared.add(new StateVariable("amount", "uint256", declared.size()));
        }
        // The packing pass: larger types first; List.sort is stable, so equal sizes keep declaration order.
        List<StateVariable> packed = new ArrayList<>(declared);
        packed.sort(Comparator.comparingInt(StateVariable::bits).reversed());
        List<Function> functions = List.of(function("execute"), function("verify_conditions"));
        List<Event> events = List.of(new Event("ContractExecuted", List.of("uint256 amount", "address executor")));
        return new IrProgram(declared, packed, functions, events);
    }

    private static Function function(String name) {
        return new Function(name, BODY, "bool", BASE_FUNCTION_GAS + GAS_PER_WORD * BODY_WORDS);
    }

    /** 20000 per state variable plus every function's gas (REPO compile_to_bytecode). */
    int runtimeGasEstimate() {
        return SSTORE_GAS * declared.size() + functions.stream().mapToInt(Function::gas).sum();
    }
}
