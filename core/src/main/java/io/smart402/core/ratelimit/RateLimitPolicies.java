package io.smart402.core.ratelimit;

import java.util.Map;
import java.util.Objects;

/**
 * Which policy applies to which key: one default plus per-key overrides.
 *
 * @param overrides policies by key (client id)
 */
public record RateLimitPolicies(RateLimitPolicy defaults, Map<String, RateLimitPolicy> overrides) {

    public RateLimitPolicies {
        Objects.requireNonNull(defaults, "defaults");
        overrides = Map.copyOf(overrides);
    }

    /** The same policy for every key. */
    public static RateLimitPolicies of(RateLimitPolicy policy) {
        return new RateLimitPolicies(policy, Map.of());
    }

    public RateLimitPolicy policyFor(String key) {
        return overrides.getOrDefault(key, defaults);
    }
}
