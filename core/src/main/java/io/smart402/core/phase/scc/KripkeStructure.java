package io.smart402.core.phase.scc;

import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A finite Kripke structure K = (S, S0, R, L) with a small CTL evaluator over it: enough to check the three
 * properties of spec §2.3 honestly instead of returning a constant.
 *
 * @param states      state names; a state is its index
 * @param initial     index of the initial state
 * @param successors  R as successor lists; every state needs at least one successor (R is total)
 * @param labels      L: atomic propositions true in each state
 */
record KripkeStructure(List<String> states, int initial, List<List<Integer>> successors,
                       List<Set<String>> labels) {

    /**
     * The fixed three-state model of a generated contract: deployed, executing (one call of
     * {@code execute}/{@code releaseMilestone}) and completed. Completed loops on itself because Kripke
     * transition relations are total. The original's model let "executing" step to itself, which would
     * make its own termination and re-entrancy properties false; the generated code has no such edge
     * (no external call happens before state is settled), so this model omits it.
     */
    static final KripkeStructure CONTRACT = new KripkeStructure(
            List.of("initial", "executing", "completed"),
            0,
            List.of(List.of(1), List.of(2), List.of(2)),
            List.of(Set.of("uninitialized", "balance_preserved"),
                    Set.of("active", "balance_preserved"),
                    Set.of("finalized", "balance_preserved")));

    KripkeStructure {
        states = List.copyOf(states);
        successors = successors.stream().map(List::copyOf).toList();
        labels = labels.stream().map(Set::copyOf).toList();
        if (successors.size() != states.size() || labels.size() != states.size()) {
            throw new IllegalArgumentException("successors and labels need one entry per state");
        }
        for (List<Integer> next : successors) {
            if (next.isEmpty()) {
                throw new IllegalArgumentException("transition relation must be total");
            }
        }
    }

    int size() {
        return states.size();
    }

    /** States where atomic proposition {@code p} holds. */
    BitSet atom(String p) {
        BitSet out = new BitSet(size());
        for (int s = 0; s < size(); s++) {
            if (labels.get(s).contains(p)) {
                out.set(s);
            }
        }
        return out;
    }

    BitSet not(BitSet phi) {
        BitSet out = new BitSet(size());
        out.set(0, size());
        out.andNot(phi);
        return out;
    }

    BitSet implies(BitSet phi, BitSet psi) {
        BitSet out = not(phi);
        out.or(psi);
        return out;
    }

    /** AX φ: every successor satisfies φ. */
    BitSet ax(BitSet phi) {
        BitSet out = new BitSet(size());
        for (int s = 0; s < size(); s++) {
            boolean all = true;
            for (int t : successors.get(s)) {
                all &= phi.get(t);
            }
            out.set(s, all);
        }
        return out;
    }

    /** AF φ: on every path φ eventually holds — least fixpoint of Z = φ ∨ AX Z. */
    BitSet af(BitSet phi) {
        BitSet z = (BitSet) phi.clone();
        while (true) {
            BitSet next = ax(z);
            next.or(phi);
            if (next.equals(z)) {
                return z;
            }
            z = next;
        }
    }

    /** AG φ: φ holds in every reachable state on every path — greatest fixpoint of Z = φ ∧ AX Z. */
    BitSet ag(BitSet phi) {
        BitSet z = new BitSet(size());
        z.set(0, size());
        while (true) {
            BitSet next = ax(z);
            next.and(phi);
            if (next.equals(z)) {
                return z;
            }
            z = next;
        }
    }

    boolean holdsInitially(BitSet phi) {
        return phi.get(initial);
    }

    /** Convenience for building custom structures in tests. */
    static KripkeStructure of(List<String> states, Map<String, List<String>> edges, Map<String, Set<String>> labels) {
        List<List<Integer>> successors = states.stream()
                .map(s -> edges.getOrDefault(s, List.of()).stream().map(states::indexOf).toList())
                .toList();
        return new KripkeStructure(states, 0, successors,
                states.stream().map(s -> labels.getOrDefault(s, Set.of())).toList());
    }
}
