package io.smart402.server;

import io.smart402.core.phase.Phases;
import io.smart402.server.app.GatewayServer;
import io.smart402.server.app.LogSetup;
import io.smart402.server.app.Smart402Server;
import io.smart402.server.app.StandaloneFleet;
import io.smart402.server.config.ConfigException;
import io.smart402.server.config.ConfigLoader;
import io.smart402.server.config.ServerConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Command line: {@code serve|repair|fleet [--port N] [--data-dir DIR] [--config FILE] [--set key=value]...}.
 * With no shards configured, serve and repair run the embedded local PostgreSQL fleet; {@code fleet} runs only
 * that fleet, for several {@code serve} instances to share.
 */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private static final String USAGE = """
            usage: java -jar smart402-server.jar [serve|repair|gateway|fleet] [options]
              serve                 run the HTTP server (the default command)
              gateway               run the reverse proxy / load balancer in front of several serve instances
                                    (the gateway section of the configuration; see README "Gateway")
              fleet                 run only the embedded fleet (PostgreSQL shards and replicas under --data-dir,
                                    Redis with --redis), print it, write a config for 'serve --config' instances
                                    to share it (--write-config); Ctrl-C / SIGTERM stops it
              repair                compare every copy of every shard, bring stale or missing rows up to the
                                    newest version, print the report (JSON) and exit; safe while a server runs
              --port N              HTTP port (default 8080, gateway 8090; 0 picks a free port)
              --backends H:P,...    gateway: the backends (gateway.backends)
              --autoscale           gateway: start and stop serve instances as the autoscaler section decides
                                    (gateway.autoscale.enabled; see README "Autoscaling local instances")
              --serve-config FILE   gateway --autoscale: the config file the instances get (e.g. fleet.yaml)
              --strategy NAME       gateway: adaptive | round-robin | least-request | ... (gateway.strategy)
              --data-dir DIR        data directory of the embedded PostgreSQL fleet (default ./data)
              --config FILE         YAML or JSON configuration file
              --set key=value       override one configuration key, e.g. --set store.batch-size=256
              --redis               fleet: also start a redis-server (shared rate limit, L2 cache, invalidation)
              --write-config FILE   fleet: write the server config pointing at the fleet (default ./fleet.yaml)
              --version             the version and the git commit it was built from
              --help                this text
            Environment: SMART402_<KEY> overrides a key, e.g. SMART402_SERVER_PORT=9090.""";

    private Main() {
    }

    public static void main(String[] args) {
        try {
            if (run(args, System.out, true) == Command.REPAIR) {
                // Pools and event loops are closed, but a finished command should not wait on any stray thread.
                System.exit(0);
            }
        } catch (ConfigException | IllegalArgumentException e) {
            System.err.println("smart402: " + e.getMessage());
            System.exit(2);
        } catch (RuntimeException e) {
            System.err.println("smart402: failed to start: " + e.getMessage());
            System.exit(1);
        }
    }

    /** HELP: a command that only printed something (--help, --version). */
    enum Command { SERVE, REPAIR, GATEWAY, FLEET, HELP }

    /** Runs one command in this JVM without touching its logging set-up (tests, embedding). */
    static Command run(String[] args, java.io.PrintStream out) {
        return run(args, out, false);
    }

    /**
     * Runs one command; {@code serve} returns only once the server has been stopped.
     *
     * @param configureLogging apply the {@code logging} section to the JVM's Logback (the process's own command
     *                         line does; a test calling in must keep its capture and levels)
     */
    static Command run(String[] args, java.io.PrintStream out, boolean configureLogging) {
        Path configFile = null;
        List<String> overrides = new ArrayList<>();
        boolean redis = false;
        Path writeConfig = null;
        int i = 0;
        Command command = Command.SERVE;
        if (args.length > 0 && !args[0].startsWith("-")) {
            command = switch (args[0]) {
                case "serve" -> Command.SERVE;
                case "repair" -> Command.REPAIR;
                case "gateway" -> Command.GATEWAY;
                case "fleet" -> Command.FLEET;
                default -> throw new IllegalArgumentException("unknown command '" + args[0] + "'\n" + USAGE);
            };
            i = 1;
        }
        for (; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--help", "-h" -> {
                    out.println(USAGE);
                    return Command.HELP;
                }
                case "--version" -> {
                    out.println("smart402-server " + Version.current().describe());
                    return Command.HELP;
                }
                case "--port" -> overrides.add((command == Command.GATEWAY ? "gateway.port=" : "server.port=")
                        + value(args, ++i, arg));
                case "--backends" -> overrides.add("gateway.backends=" + backendList(value(args, ++i, arg)));
                case "--strategy" -> overrides.add("gateway.strategy=" + value(args, ++i, arg));
                case "--autoscale" -> overrides.add("gateway.autoscale.enabled=true");
                case "--serve-config" -> overrides.add("gateway.autoscale.serve-config=" + value(args, ++i, arg));
                case "--data-dir" -> overrides.add("embedded.data-dir=" + value(args, ++i, arg));
                case "--config" -> configFile = Path.of(value(args, ++i, arg));
                case "--set" -> overrides.add(value(args, ++i, arg));
                case "--redis" -> redis = true;
                case "--write-config" -> writeConfig = Path.of(value(args, ++i, arg));
                default -> throw new IllegalArgumentException("unknown option '" + arg + "'\n" + USAGE);
            }
        }
        if (command != Command.GATEWAY && overrides.stream().anyMatch(o -> o.startsWith("gateway.autoscale."))) {
            throw new IllegalArgumentException("--autoscale and --serve-config belong to the 'gateway' command\n"
                    + USAGE);
        }
        if (command != Command.FLEET && (redis || writeConfig != null)) {
            throw new IllegalArgumentException("--redis and --write-config belong to the 'fleet' command\n" + USAGE);
        }
        ConfigLoader.Loaded loaded = ConfigLoader.loadWithSources(configFile, System.getenv(), overrides);
        ServerConfig config = loaded.config();
        if (configureLogging) {
            LogSetup.apply(config.logging());
        }
        LOG.info("Smart402 {} {}: configuration {}", Version.current().describe(), command.name().toLowerCase(
                java.util.Locale.ROOT), loaded.sources().isEmpty() ? "all defaults" : "defaults except "
                + loaded.sources());
        if (command == Command.REPAIR) {
            Smart402Server.repairOnce(config, out);
            return command;
        }
        if (command == Command.FLEET) {
            runFleet(config, redis, writeConfig == null ? Path.of("fleet.yaml") : writeConfig, configFile, out);
            return command;
        }
        if (command == Command.GATEWAY) {
            GatewayServer gateway = GatewayServer.start(config);
            awaitShutdown(gateway::close);
            return command;
        }
        Smart402Server server = Smart402Server.start(config, Phases.standard());
        awaitShutdown(() -> {
            // SIGTERM or Ctrl-C: drain first (not ready, no new requests, in-flight work finished or handed back).
            server.drain();
            server.close();
        });
        return command;
    }

    /** Blocks until SIGTERM or Ctrl-C has run {@code stop} in the shutdown hook. */
    private static void awaitShutdown(Runnable stop) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                stop.run();
            } catch (RuntimeException e) {
                LOG.warn("stopping failed", e);
            }
            stopped.countDown();
        }, "smart402-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code a:1,b:2} as the YAML list the {@code gateway.backends} key takes. */
    private static String backendList(String commaSeparated) {
        StringBuilder yaml = new StringBuilder("[");
        for (String backend : commaSeparated.split(",")) {
            if (!backend.isBlank()) {
                yaml.append(yaml.length() > 1 ? ", " : "").append('"').append(backend.trim().replace("\"", ""))
                        .append('"');
            }
        }
        return yaml.append("]").toString();
    }

    /** Runs the fleet until SIGTERM or Ctrl-C. */
    private static void runFleet(ServerConfig config, boolean redis, Path writeConfig, Path configFile,
                                 java.io.PrintStream out) {
        StandaloneFleet fleet = StandaloneFleet.start(config, redis);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("fleet: stopping every node");
            fleet.close();
            stopped.countDown();
        }, "smart402-fleet-shutdown"));
        fleet.writeServerConfig(writeConfig, configFile);
        String banner = "fleet running (data in " + config.embedded().dataDir().toAbsolutePath() + "):\n"
                + fleet.describe() + "config for the instances: " + writeConfig.toAbsolutePath()
                + "\n  java -jar smart402-server.jar serve --config " + writeConfig + " --port 8081   (and 8082, …)"
                + "\nCtrl-C stops the fleet.";
        if (config.logging().format() == io.smart402.server.config.LoggingConfig.Format.JSON) {
            // In JSON mode stdout holds one JSON object per line: the topology goes out as a log event.
            LOG.info(banner);
        } else {
            out.println(banner);
            out.flush();
        }
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
        }
        return args[index];
    }
}
