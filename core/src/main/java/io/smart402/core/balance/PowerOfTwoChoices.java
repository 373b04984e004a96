package io.smart402.core.balance;

import java.util.List;

/**
 * Power of two choices (Mitzenmacher, "The Power of Two Choices in Randomized Load Balancing", 2001; Finagle's
 * and Envoy's default): two distinct backends at random, the one with the lower {@link Load} per unit of
 * weight wins. O(1) per pick, no shared state, and unlike a full least-loaded scan it does not send a burst of
 * concurrent picks to the same momentarily idle backend (herding).
 */
final class PowerOfTwoChoices implements Strategy {

    private final Load load;
    private final String name;

    PowerOfTwoChoices(Load load, String name) {
        this.load = load;
        this.name = name;
    }

    @Override
    public <T> Backend<T> pick(Pick<T> pick) {
        List<Backend<T>> eligible = pick.eligible();
        int n = eligible.size();
        if (n == 1) {
            return eligible.get(0);
        }
        int i = pick.random().nextInt(n);
        int j = pick.random().nextInt(n - 1);
        if (j >= i) {
            j++;
        }
        Backend<T> a = eligible.get(i);
        Backend<T> b = eligible.get(j);
        return load.perWeight(b, pick.nowNanos()) < load.perWeight(a, pick.nowNanos()) ? b : a;
    }

    @Override
    public String name() {
        return name;
    }
}
