package io.smart402.core.phase;

import java.util.Locale;

/** The four phases, in processing order (spec §2.0). */
public enum PhaseName {
    AEO, LLMO, SCC, X402;

    /** The member name of this phase's output in the processed document, e.g. {@code aeo}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
