package io.smart402.core.balance;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The eligible backend with the lowest {@link Load} per unit of weight, by a full scan (nginx's
 * {@code least_conn}). The scan starts one place further each pick so ties rotate instead of always going to
 * the first backend.
 */
final class LeastLoaded implements Strategy {

    private final Load load;
    private final String name;
    private final AtomicInteger start = new AtomicInteger();

    LeastLoaded(Load load, String name) {
        this.load = load;
        this.name = name;
    }

    @Override
    public <T> Backend<T> pick(Pick<T> pick) {
        List<Backend<T>> eligible = pick.eligible();
        int n = eligible.size();
        int first = Math.floorMod(start.getAndIncrement(), n);
        Backend<T> best = null;
        double bestLoad = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            Backend<T> b = eligible.get((first + i) % n);
            double l = load.perWeight(b, pick.nowNanos());
            if (best == null || l < bestLoad) {
                best = b;
                bestLoad = l;
            }
        }
        return best;
    }

    @Override
    public String name() {
        return name;
    }
}
