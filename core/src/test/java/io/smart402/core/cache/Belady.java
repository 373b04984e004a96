package io.smart402.core.cache;

import java.util.Arrays;
import java.util.TreeSet;

/**
 * Bélády's offline optimum on a trace of ids: on a miss with a full cache, evict the entry used again
 * furthest in the future. {@code bypass} also allows not caching the missed id when it is itself the one
 * used furthest in the future (the optimum for a cache that may refuse admission, as W-TinyLFU does).
 */
final class Belady {

    private Belady() {
    }

    static double hitRatio(int[] trace, int ids, int capacity, boolean bypass) {
        int n = trace.length;
        int[] next = new int[n];
        int[] last = new int[ids];
        Arrays.fill(last, Integer.MAX_VALUE);
        for (int i = n - 1; i >= 0; i--) {
            int id = trace[i];
            // Never used again: a distinct position beyond the trace, so set members stay unique.
            next[i] = last[id] == Integer.MAX_VALUE ? n + id : last[id];
            last[id] = i;
        }
        boolean[] cached = new boolean[ids];
        // Cached entries keyed by their next use; position p < n belongs to trace[p], p >= n to id p - n.
        TreeSet<Integer> byNextUse = new TreeSet<>();
        long hits = 0;
        for (int i = 0; i < n; i++) {
            int id = trace[i];
            if (cached[id]) {
                hits++;
                byNextUse.remove(i);
                byNextUse.add(next[i]);
                continue;
            }
            if (byNextUse.size() >= capacity) {
                int furthest = byNextUse.last();
                if (bypass && next[i] > furthest) {
                    continue;
                }
                byNextUse.pollLast();
                cached[furthest < n ? trace[furthest] : furthest - n] = false;
            }
            cached[id] = true;
            byNextUse.add(next[i]);
        }
        return (double) hits / n;
    }
}
