package io.smart402.core.balance;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/** Shared scenario helpers: balancers over named backends, picks that answer at once or stay in flight. */
final class Balancers {

    private Balancers() {
    }

    static RandomGenerator seeded(long seed) {
        return new SplittableRandom(seed)::nextLong;
    }

    static LoadBalancer<String> of(Strategy strategy, String... ids) {
        LoadBalancer.Builder<String> b = LoadBalancer.<String>builder().strategy(strategy).random(seeded(42))
                .outlierDetection(OutlierDetection.DISABLED);
        for (String id : ids) {
            b.backend(id, id);
        }
        return b.build();
    }

    /** The backend a call answered at once was sent to. */
    static String pick(LoadBalancer<String> lb) {
        return pick(lb, null);
    }

    static String pick(LoadBalancer<String> lb, String key) {
        return lb.execute(key, Mono::just).block();
    }

    static List<String> picks(LoadBalancer<String> lb, int n) {
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(pick(lb));
        }
        return out;
    }

    static Map<String, Integer> counts(List<String> picks) {
        Map<String, Integer> counts = new HashMap<>();
        picks.forEach(p -> counts.merge(p, 1, Integer::sum));
        return counts;
    }

    /** A call that stays in flight until disposed; records where it went. */
    static Held hold(LoadBalancer<String> lb, String key) {
        String[] where = new String[1];
        Disposable d = lb.execute(key, b -> {
            where[0] = b;
            return Mono.<String>never();
        }).subscribe();
        return new Held(where[0], d);
    }

    record Held(String backend, Disposable call) {
    }

    static int outstanding(LoadBalancer<String> lb, String id) {
        return lb.backends().stream().filter(b -> b.id().equals(id)).findFirst().orElseThrow().outstanding();
    }
}
