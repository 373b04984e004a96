package io.smart402.server.auth;

import io.smart402.core.contract.CanonicalJson;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The configured API keys, kept only as SHA-256 hashes so a heap dump or a stats page never shows a key.
 * A configured key is either the key itself or {@code sha256:<hex>} of it.
 */
public final class ApiKeys {

    /** Who a key belongs to. */
    public record Principal(String client, Role role) {
    }

    /** What a key may do. */
    public enum Role { CLIENT, ADMIN }

    /** One configured key. */
    public record KeySpec(String key, String client, Role role) {
    }

    private final Map<String, Principal> byHash = new HashMap<>();

    public ApiKeys(List<KeySpec> keys) {
        for (KeySpec spec : keys) {
            String hash = spec.key().startsWith("sha256:") ? spec.key().substring(7).toLowerCase(java.util.Locale.ROOT)
                    : CanonicalJson.sha256Hex(spec.key());
            if (byHash.put(hash, new Principal(spec.client(), spec.role())) != null) {
                throw new IllegalArgumentException("auth.keys: the same key is configured twice (client "
                        + spec.client() + ")");
            }
        }
    }

    public boolean isEmpty() {
        return byHash.isEmpty();
    }

    /** The principal of a presented key, if it is known. */
    public Optional<Principal> lookup(String presented) {
        if (presented == null || presented.isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(byHash.get(CanonicalJson.sha256Hex(presented)));
    }
}
