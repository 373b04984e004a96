package io.smart402.core.balance;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * nginx's smooth weighted round-robin ({@code ngx_http_upstream_get_peer}, commit 52327e0627f4 "Upstream: smooth
 * weighted round-robin balancing"): every pick adds each backend's effective weight to its current weight, takes
 * the backend with the highest current weight, and subtracts the total from it. Over {@code Σw} picks each
 * backend is picked exactly {@code w} times, spread out ({5,1,1} gives a a b a c a a, not a a a a a b c).
 *
 * <p>The current weights are shared state touched by every pick, so picks take this strategy's monitor, as
 * nginx locks its peers; the critical section is one pass over the eligible backends. Weights are scaled to
 * integers (×1000) so slow start's fractional weights keep the exact-count property.
 */
final class SmoothWeightedRoundRobin implements Strategy {

    private static final double SCALE = 1000;

    private Map<Backend<?>, long[]> current = new IdentityHashMap<>();
    private List<?> members;

    @Override
    public synchronized <T> Backend<T> pick(Pick<T> pick) {
        if (pick.members() != members) {
            forgetRemoved(pick.members());
        }
        Backend<T> best = null;
        long[] bestCurrent = null;
        long total = 0;
        for (Backend<T> b : pick.eligible()) {
            long effective = Math.max(1, Math.round(b.effectiveWeight(pick.nowNanos()) * SCALE));
            long[] c = current.computeIfAbsent(b, k -> new long[1]);
            c[0] += effective;
            total += effective;
            if (best == null || c[0] > bestCurrent[0]) {
                best = b;
                bestCurrent = c;
            }
        }
        bestCurrent[0] -= total;
        return best;
    }

    /** Keeps state only for members (bounded memory); a backend that comes back starts from zero, as in nginx. */
    private void forgetRemoved(List<? extends Backend<?>> now) {
        Map<Backend<?>, long[]> kept = new IdentityHashMap<>();
        for (Backend<?> b : now) {
            long[] c = current.get(b);
            if (c != null) {
                kept.put(b, c);
            }
        }
        current = kept;
        members = now;
    }

    @Override
    public String name() {
        return "weighted-round-robin";
    }
}
