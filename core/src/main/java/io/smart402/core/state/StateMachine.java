package io.smart402.core.state;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One contract's state machine (spec §4): legal transitions only, softmax transition probabilities over a
 * fixed Q (no RNG), and the {@code stateTrace} document. Not thread-safe: one instance per contract,
 * driven by one processing chain.
 */
public final class StateMachine {

    private static final double LEARNING_RATE = 0.1;

    private final Clock clock;
    private final Map<ContractState, Map<TransitionCondition, EnumMap<ContractState, Double>>> q =
            new EnumMap<>(ContractState.class);
    private final List<Transition> transitions = new ArrayList<>();
    private ContractState current = ContractState.IDLE;

    /** One recorded transition. */
    public record Transition(ContractState from, ContractState to, TransitionCondition condition, long timestampMillis,
                             double probability, String phase) {
    }

    public StateMachine(Clock clock) {
        this.clock = clock;
    }

    public ContractState current() {
        return current;
    }

    /**
     * Fires {@code condition} from the current state. Success moves to the successor, any other condition
     * to FAILED. An illegal transition (from a terminal state, or a non-success from IDLE) changes nothing.
     *
     * @param phase optional metadata: the phase this step belongs to
     * @return whether the transition happened
     */
    public boolean fire(TransitionCondition condition, String phase) {
        List<ContractState> targets = allowedTargets(current);
        ContractState target = condition == TransitionCondition.SUCCESS ? current.next() : ContractState.FAILED;
        if (target == null || !targets.contains(target)) {
            return false;
        }
        double probability = probability(current, condition, target, targets);
        learn(current, condition, target);
        transitions.add(new Transition(current, target, condition, clock.millis(), probability, phase));
        current = target;
        return true;
    }

    public List<Transition> transitions() {
        return List.copyOf(transitions);
    }

    /** The {@code stateTrace} document: transitions and the original's stats fields. */
    public ObjectNode toJson() {
        ObjectNode trace = JsonNodeFactory.instance.objectNode();
        ArrayNode list = trace.putArray("transitions");
        Set<String> visited = new LinkedHashSet<>();
        visited.add(ContractState.IDLE.name());
        double probabilitySum = 0;
        int successes = 0;
        for (Transition t : transitions) {
            ObjectNode node = list.addObject();
            node.put("from", t.from().name());
            node.put("to", t.to().name());
            node.put("condition", t.condition().label());
            node.put("timestamp", t.timestampMillis());
            node.put("probability", t.probability());
            ObjectNode metadata = node.putObject("metadata");
            metadata.put("from_id", t.from().id());
            metadata.put("to_id", t.to().id());
            if (t.phase() != null) {
                metadata.put("phase", t.phase());
            }
            visited.add(t.to().name());
            probabilitySum += t.probability();
            if (t.to() != ContractState.FAILED) {
                successes++;
            }
        }
        int n = transitions.size();
        trace.put("total_transitions", n);
        trace.put("success_rate", n == 0 ? 0.0 : (double) successes / n);
        trace.put("average_probability", n == 0 ? 0.0 : probabilitySum / n);
        ArrayNode states = trace.putArray("states_visited");
        visited.forEach(states::add);
        trace.put("current_state", current.name());
        return trace;
    }

    private static List<ContractState> allowedTargets(ContractState from) {
        if (from.isTerminal()) {
            return List.of();
        }
        if (from == ContractState.IDLE) {
            return List.of(ContractState.DISCOVERY);
        }
        return List.of(from.next(), ContractState.FAILED);
    }

    /** Softmax (β = 1) of Q(from, condition, ·) over the allowed targets. */
    private double probability(ContractState from, TransitionCondition condition, ContractState target,
                               List<ContractState> targets) {
        double denominator = 0;
        for (ContractState candidate : targets) {
            denominator += Math.exp(q(from, condition, candidate));
        }
        return Math.exp(q(from, condition, target)) / denominator;
    }

    private double q(ContractState from, TransitionCondition condition, ContractState to) {
        Double learned = q.getOrDefault(from, Map.of()).getOrDefault(condition, new EnumMap<>(ContractState.class))
                .get(to);
        return learned != null ? learned : initialQ(from, condition, to);
    }

    /** Fixed Q instead of the original's random initialisation (spec §4 PROPOSAL). */
    private static double initialQ(ContractState from, TransitionCondition condition, ContractState to) {
        if (condition == TransitionCondition.SUCCESS) {
            return to == from.next() && to != ContractState.FAILED ? 1.0 : 0.0;
        }
        return to == ContractState.FAILED ? 1.0 : 0.0;
    }

    /** The original's update Q ← 0.1·observed + 0.9·Q, with the taken transition observed as 1. */
    private void learn(ContractState from, TransitionCondition condition, ContractState to) {
        double updated = LEARNING_RATE * 1.0 + (1 - LEARNING_RATE) * q(from, condition, to);
        q.computeIfAbsent(from, k -> new EnumMap<>(TransitionCondition.class))
                .computeIfAbsent(condition, k -> new EnumMap<>(ContractState.class))
                .put(to, updated);
    }
}
