package io.smart402.shard.topology;

import java.util.Objects;

/**
 * Where one PostgreSQL node lives.
 *
 * @param name     unique node name, e.g. {@code shard_0-primary}
 * @param password may be empty (trust auth)
 */
public record NodeAddress(String name, String host, int port, String database, String user, String password) {

    public NodeAddress {
        Objects.requireNonNull(name, "node.name");
        Objects.requireNonNull(host, "node.host");
        Objects.requireNonNull(database, "node.database");
        Objects.requireNonNull(user, "node.user");
        password = password == null ? "" : password;
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("node " + name + ": port must be 1..65535, was " + port);
        }
    }

    @Override
    public String toString() {
        return name + "@" + host + ":" + port + "/" + database;
    }
}
