package io.smart402.core.contract;

/**
 * Explicit limits on one contract document; exceeding any yields {@code E_LIMIT} (spec §3) or a 4xx.
 *
 * @param maxBytes        largest encoded contract (one body, or one NDJSON line)
 * @param maxDepth        deepest JSON nesting
 * @param maxArrayItems   longest array anywhere in the document
 * @param maxStringLength longest string (in chars) anywhere in the document
 */
public record ContractLimits(int maxBytes, int maxDepth, int maxArrayItems, int maxStringLength) {

    /** Defaults: 1 MiB, depth 32, 1000 items per array, 64 Ki chars per string. */
    public static final ContractLimits DEFAULTS = new ContractLimits(1 << 20, 32, 1000, 65_536);

    public ContractLimits {
        require(maxBytes > 0, "limits.max-bytes must be positive");
        require(maxDepth > 1, "limits.max-depth must be at least 2");
        require(maxArrayItems > 1, "limits.max-array-items must be at least 2");
        require(maxStringLength > 0, "limits.max-string-length must be positive");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
