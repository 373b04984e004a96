package io.smart402.shard.launcher;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/** Hands out free TCP ports on 127.0.0.1, never the same one twice to nodes of one launcher. */
final class PortAllocator {

    // A literal, not getLoopbackAddress(), which may answer ::1 while PostgreSQL listens on IPv4 only.
    private static final String LOOPBACK = "127.0.0.1";

    private final Set<Integer> reserved = new HashSet<>();

    /** {@code preferred} if it is free and not reserved (0 means no preference), else a fresh free port. */
    synchronized int allocate(int preferred) {
        if (preferred > 0 && !reserved.contains(preferred) && isFree(preferred)) {
            reserved.add(preferred);
            return preferred;
        }
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = freshPort();
            if (reserved.add(port)) {
                return port;
            }
        }
        throw new LocalPostgresException("could not find a free TCP port on 127.0.0.1");
    }

    synchronized void release(int port) {
        reserved.remove(port);
    }

    static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            // PostgreSQL binds with SO_REUSEADDR, so connections of a killed server lingering in TIME_WAIT do not
            // stop it from taking its port back; the probe must judge the same way.
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(LOOPBACK, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freshPort() {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(LOOPBACK, 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new LocalPostgresException("could not find a free TCP port on 127.0.0.1: " + e, e);
        }
    }
}
