package io.smart402.core.phase;

import java.util.EnumMap;
import java.util.Map;

/** The results of the phases that already ran for a contract; immutable, grows by copy. */
public final class PhaseResults {

    private static final PhaseResults EMPTY = new PhaseResults(new EnumMap<>(PhaseName.class));

    private final EnumMap<PhaseName, PhaseResult> results;

    private PhaseResults(EnumMap<PhaseName, PhaseResult> results) {
        this.results = results;
    }

    public static PhaseResults empty() {
        return EMPTY;
    }

    /** A copy with {@code result} added. */
    public PhaseResults with(PhaseResult result) {
        EnumMap<PhaseName, PhaseResult> copy = new EnumMap<>(results);
        copy.put(result.phase(), result);
        return new PhaseResults(copy);
    }

    /** The result of an earlier phase; fails if it has not run, which is a wiring bug. */
    public PhaseResult get(PhaseName phase) {
        PhaseResult result = results.get(phase);
        if (result == null) {
            throw new IllegalStateException(phase + " has not run");
        }
        return result;
    }

    public boolean has(PhaseName phase) {
        return results.containsKey(phase);
    }

    public Map<PhaseName, PhaseResult> asMap() {
        return Map.copyOf(results);
    }
}
