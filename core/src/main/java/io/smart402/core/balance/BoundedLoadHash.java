package io.smart402.core.balance;

import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Consistent hashing with bounded loads (Mirrokni, Thorup, Zadimoghaddam, "Consistent Hashing with Bounded
 * Loads", SODA 2018; HAProxy's {@code hash-balance-factor}, after Vimeo's patch): a key goes to the first
 * backend clockwise from its hash on a ring of virtual nodes, unless that backend would then carry more than
 * {@code ⌈(1+ε) × (calls in flight + 1) × w / Σw⌉} calls, in which case the walk goes on to the next one.
 *
 * <p>The ring holds every member, eligible or not, and is rebuilt only when the membership changes; so when a
 * backend leaves, only its keys move (to their next backend clockwise), and a key whose backend is ejected or
 * drained for a while comes back to it afterwards. A call without a key starts from a random point. The bound
 * is exact for picks made one after another; concurrent picks read the same counts and may each add one.
 */
final class BoundedLoadHash implements Strategy {

    private record Ring(List<?> members, Map<Backend<?>, Integer> index, long[] points, int[] owners) {
    }

    private final double epsilon;
    private final int replicas;
    private volatile Ring ring = new Ring(List.of(), Map.of(), new long[0], new int[0]);

    BoundedLoadHash(double epsilon, int replicas) {
        this.epsilon = epsilon;
        this.replicas = replicas;
    }

    @Override
    public <T> Backend<T> pick(Pick<T> pick) {
        Ring r = ring;
        if (r.members() != pick.members()) {
            r = build(pick.members());
            ring = r;
        }
        List<Backend<T>> members = pick.members();
        long now = pick.nowNanos();
        boolean[] eligible = new boolean[members.size()];
        long inFlight = 0;
        double totalWeight = 0;
        for (Backend<T> b : pick.eligible()) {
            eligible[r.index().get(b)] = true;
            inFlight += b.outstanding();
            totalWeight += b.effectiveWeight(now);
        }
        double share = (1 + epsilon) * (inFlight + 1) / totalWeight;
        long hash = pick.key() == null ? pick.random().nextLong() : hash(pick.key());
        int at = Arrays.binarySearch(r.points(), hash);
        at = at >= 0 ? at : -at - 1;
        for (int step = 0; step < r.points().length; step++) {
            Backend<T> b = members.get(r.owners()[(at + step) % r.points().length]);
            int i = r.index().get(b);
            if (eligible[i] && b.outstanding() + 1 <= Math.ceil(share * b.effectiveWeight(now))) {
                return b;
            }
        }
        // Unreachable in sequential use (the capacities add up to more than the calls in flight); a race can get
        // here: take the least loaded.
        return new LeastLoaded(Load.OUTSTANDING, name()).pick(pick);
    }

    private Ring build(List<? extends Backend<?>> members) {
        Map<Backend<?>, Integer> index = new IdentityHashMap<>();
        long[][] byPoint = new long[members.size() * replicas][];
        int k = 0;
        for (int m = 0; m < members.size(); m++) {
            index.put(members.get(m), m);
            for (int v = 0; v < replicas; v++) {
                byPoint[k++] = new long[] {hash(members.get(m).id() + "#" + v), m};
            }
        }
        Arrays.sort(byPoint, (a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        long[] points = new long[byPoint.length];
        int[] owners = new int[byPoint.length];
        for (int i = 0; i < byPoint.length; i++) {
            points[i] = byPoint[i][0];
            owners[i] = (int) byPoint[i][1];
        }
        return new Ring(members, index, points, owners);
    }

    /** FNV-1a over the UTF-16 chars, then MurmurHash3's 64-bit finalizer to spread nearby keys over the ring. */
    static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    @Override
    public String name() {
        return "hash";
    }
}
