package io.smart402.core.phase;

import io.smart402.core.phase.aeo.AeoPhase;
import io.smart402.core.phase.llmo.LlmoPhase;
import io.smart402.core.phase.scc.SccPhase;
import io.smart402.core.phase.x402.X402Phase;
import java.util.List;

/** The standard phase chain AEO → LLMO → SCC → X402 (spec §2.0). */
public final class Phases {

    private Phases() {
    }

    /** New instances of the four phases, in processing order. */
    public static List<Phase> standard() {
        return List.of(new AeoPhase(), new LlmoPhase(), new SccPhase(), new X402Phase());
    }
}
