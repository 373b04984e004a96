package io.smart402.core.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Free TCP ports on 127.0.0.1 for the servers the launchers start. */
public final class FreePorts {

    // A literal, not getLoopbackAddress(), which may answer ::1 while a server listens on IPv4 only.
    public static final String LOOPBACK = "127.0.0.1";

    private FreePorts() {}

    /** A port that was free a moment ago; another process may take it before the caller binds it. */
    public static int any() {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(LOOPBACK, 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("could not find a free TCP port on " + LOOPBACK + ": " + e, e);
        }
    }

    /** Whether {@code port} can be bound on 127.0.0.1 right now. */
    public static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            // Servers bind with SO_REUSEADDR, so connections of a killed server lingering in TIME_WAIT do not stop
            // it from taking its port back; the probe must judge the same way.
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(LOOPBACK, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
