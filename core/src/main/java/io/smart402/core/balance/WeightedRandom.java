package io.smart402.core.balance;

import java.util.List;

/** A backend at random, in proportion to its effective weight (uniform when weights are equal). */
final class WeightedRandom implements Strategy {

    @Override
    public <T> Backend<T> pick(Pick<T> pick) {
        List<Backend<T>> eligible = pick.eligible();
        double total = 0;
        for (Backend<T> b : eligible) {
            total += b.effectiveWeight(pick.nowNanos());
        }
        double r = pick.random().nextDouble() * total;
        for (Backend<T> b : eligible) {
            r -= b.effectiveWeight(pick.nowNanos());
            if (r < 0) {
                return b;
            }
        }
        return eligible.get(eligible.size() - 1);
    }

    @Override
    public String name() {
        return "random";
    }
}
