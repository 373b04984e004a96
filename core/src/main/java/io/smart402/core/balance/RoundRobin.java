package io.smart402.core.balance;

import java.util.concurrent.atomic.AtomicLong;

/** Each eligible backend in turn, ignoring weights and load (one atomic increment per pick). */
final class RoundRobin implements Strategy {

    private final AtomicLong next = new AtomicLong();

    @Override
    public <T> Backend<T> pick(Pick<T> pick) {
        return pick.eligible().get((int) Math.floorMod(next.getAndIncrement(), (long) pick.eligible().size()));
    }

    @Override
    public String name() {
        return "round-robin";
    }
}
