package io.smart402.server.config;

import io.smart402.server.auth.ApiKeys;

/** One {@code auth.keys} entry as the file spells it; read in place of {@link ApiKeys.KeySpec}. */
record ApiKeySpec(String key, String client, ApiKeys.Role role) {

    ApiKeySpec {
        if (key == null || key.isEmpty() || client == null || client.isEmpty()) {
            throw Invalid.of("", "needs key and client");
        }
        role = role == null ? ApiKeys.Role.CLIENT : role;
    }

    ApiKeys.KeySpec spec() {
        return new ApiKeys.KeySpec(key, client, role);
    }
}
