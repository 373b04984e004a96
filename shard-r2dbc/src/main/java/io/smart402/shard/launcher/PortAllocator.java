package io.smart402.shard.launcher;

import io.smart402.core.process.FreePorts;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Set;

/** Hands out free TCP ports on 127.0.0.1, never the same one twice to nodes of one launcher. */
final class PortAllocator {

    private final Set<Integer> reserved = new HashSet<>();

    /** {@code preferred} if it is free and not reserved (0 means no preference), else a fresh free port. */
    synchronized int allocate(int preferred) {
        if (preferred > 0 && !reserved.contains(preferred) && FreePorts.isFree(preferred)) {
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

    private static int freshPort() {
        try {
            return FreePorts.any();
        } catch (UncheckedIOException e) {
            throw new LocalPostgresException(e.getMessage(), e);
        }
    }
}
