package io.smart402.server;

import io.smart402.core.phase.Phases;
import io.smart402.server.app.Smart402Server;
import io.smart402.server.config.ConfigLoader;
import io.smart402.server.config.ServerConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One real server per test JVM: the embedded fleet (3 shards, each a primary and a replica, real PostgreSQL
 * on free ports under target/) and the HTTP server on a free port. Started on first use, stopped at exit.
 */
public final class TestServer {

    /** An admin key and a client key configured on every test server. */
    public static final String ADMIN_KEY = "test-admin-key";
    public static final String CLIENT_KEY = "test-client-key";

    private static Smart402Server server;

    private TestServer() {
    }

    public static synchronized Smart402Server get() {
        if (server == null) {
            server = start(List.of());
            Smart402Server started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "test-server-stop"));
        }
        return server;
    }

    /** fsync is off only to spare the disk: killing a PostgreSQL process never loses what the OS already holds. */
    /** A new server with extra {@code key=value} overrides (the caller closes it). */
    public static Smart402Server start(List<String> overrides) {
        return start(overrides, java.time.Clock.systemUTC());
    }

    /** A new server whose every reading of time comes from {@code clock} (the caller closes it). */
    public static Smart402Server start(List<String> overrides, java.time.Clock clock) {
        List<String> all = new java.util.ArrayList<>(List.of(
                "server.port=0",
                "server.host=127.0.0.1",
                "embedded.data-dir=" + Path.of("target", "test-fleet").toAbsolutePath(),
                "embedded.settings={fsync: 'off', max_connections: '60', shared_buffers: '16MB'}",
                "auth.keys=[{key: " + ADMIN_KEY + ", client: ops, role: admin}, {key: " + CLIENT_KEY
                        + ", client: tester, role: client}]",
                // Client endpoints need a key when keys exist (Http sends CLIENT_KEY); limits are tested apart.
                "ratelimit.enabled=false"));
        all.addAll(overrides);
        ServerConfig config = ConfigLoader.load(null, Map.of(), all);
        return Smart402Server.start(config, clock, io.smart402.server.app.ServerSchedulers.standard(),
                Phases.standard());
    }

    public static String baseUrl() {
        return "http://127.0.0.1:" + get().port();
    }
}
