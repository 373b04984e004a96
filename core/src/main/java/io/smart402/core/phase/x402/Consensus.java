package io.smart402.core.phase.x402;

/**
 * The original's Byzantine vote (spec §2.4, REPO src/x402/payment.py), kept as a pure function of the node
 * count: it simulates every honest node voting yes, so it always passes.
 */
record Consensus(int nodes, int faultTolerance, int required, int votes, boolean passed) {

    static final int DEFAULT_NODES = 7;

    static Consensus of(int nodes) {
        int f = (nodes - 1) / 3;
        int required = 2 * nodes / 3 + 1;
        int votes = nodes - f;
        return new Consensus(nodes, f, required, votes, votes >= required);
    }
}
