package io.smart402.core.balance;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * What a {@link Strategy} chooses from.
 *
 * @param members every backend of the balancer, eligible or not, in the order they were added (the same list
 *                instance until the membership changes, so a strategy may cache what it derives from it)
 * @param eligible the members that may take a new call now (never empty)
 * @param key the call's affinity key, or null
 * @param nowNanos the balancer's clock
 * @param random the balancer's random source
 */
public record Pick<T>(List<Backend<T>> members, List<Backend<T>> eligible, String key, long nowNanos,
                      RandomGenerator random) {
}
