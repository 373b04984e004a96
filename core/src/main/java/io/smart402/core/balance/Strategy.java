package io.smart402.core.balance;

/**
 * How a {@link LoadBalancer} chooses among its eligible backends. Implementations may keep state (a cursor,
 * current weights, a ring), so each balancer gets its own instance ({@link Strategies} makes them). Called
 * concurrently from any thread; must not block.
 */
public interface Strategy {

    /** The backend for this call, from {@code pick.eligible()} (never empty). */
    <T> Backend<T> pick(Pick<T> pick);

    /** The strategy's name, as {@link Strategies#parse} reads it. */
    String name();
}
