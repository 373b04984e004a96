package io.smart402.shard.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Runs PostgreSQL programs as an unprivileged user when the JVM is root, because initdb, pg_ctl and postgres all
 * refuse to run as root; as any other user it changes nothing.
 */
final class RunAs {

    /** User-switching tools in order of preference: runuser is made for root, the others are fallbacks. */
    static final List<String> SWITCHERS = List.of("runuser", "setpriv", "su");

    private static final List<String> SYSTEM_DIRS = List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin");

    private final String user;
    private final List<String> prefix;
    private final boolean viaShell;

    private RunAs(String user, List<String> prefix, boolean viaShell) {
        this.user = user;
        this.prefix = List.copyOf(prefix);
        this.viaShell = viaShell;
    }

    /** Drops to {@code unprivilegedUser} if this JVM runs as root, otherwise runs commands as they are. */
    static RunAs detect(String unprivilegedUser) {
        Path workDir = Path.of("/");
        if (!isRoot(workDir)) {
            return new RunAs(null, List.of(), false);
        }
        Processes.Result gid = Processes.run(List.of("id", "-g", unprivilegedUser), workDir, 10, null);
        if (!gid.ok()) {
            throw new LocalPostgresException("this JVM runs as root and PostgreSQL refuses to run as root, so the"
                    + " launcher runs it as user '" + unprivilegedUser + "', which does not exist. Create it (e.g."
                    + " `useradd --system --create-home " + unprivilegedUser + "`; the Debian postgresql package"
                    + " creates 'postgres') or choose an existing unprivileged user with runAsUser(...).");
        }
        for (String switcher : SWITCHERS) {
            Optional<RunAs> runAs = via(switcher, unprivilegedUser, gid.output().strip());
            if (runAs.isPresent()) {
                return runAs.get();
            }
        }
        throw new LocalPostgresException("this JVM runs as root and PostgreSQL refuses to run as root, but none of "
                + SWITCHERS + " was found to switch to user '" + unprivilegedUser + "'. Install util-linux"
                + " or run the JVM as an unprivileged user.");
    }

    /** Switches users with the named tool (one of {@link #SWITCHERS}), if it is installed. */
    static Optional<RunAs> via(String switcher, String user, String gid) {
        Optional<Path> tool = Processes.which(switcher, SYSTEM_DIRS);
        if (tool.isEmpty()) {
            return Optional.empty();
        }
        String path = tool.get().toString();
        return Optional.of(switch (switcher) {
            case "runuser" -> new RunAs(user, List.of(path, "-u", user, "--"), false);
            case "setpriv" -> new RunAs(user,
                    List.of(path, "--reuid=" + user, "--regid=" + gid, "--init-groups", "--"), false);
            case "su" -> new RunAs(user, List.of(path, "-s", "/bin/sh", user, "-c"), true);
            default -> throw new IllegalArgumentException("unknown switcher " + switcher + "; use one of " + SWITCHERS);
        });
    }

    /** The user PostgreSQL runs as when it differs from the JVM's, else empty. */
    Optional<String> user() {
        return Optional.ofNullable(user);
    }

    /** {@code command} as it must be run to execute as the unprivileged user. */
    List<String> wrap(List<String> command) {
        if (user == null) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(prefix);
        if (viaShell) {
            // su takes one shell string; exec keeps the server the direct child so kill and wait see it.
            wrapped.add("exec " + command.stream().map(RunAs::shellQuote).collect(Collectors.joining(" ")));
        } else {
            wrapped.addAll(command);
        }
        return wrapped;
    }

    /** Gives {@code path} to the unprivileged user, so PostgreSQL may own its data directory and files. */
    void own(Path path) {
        if (user == null) {
            return;
        }
        try {
            UserPrincipal owner = path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(user);
            Files.setOwner(path, owner);
        } catch (IOException e) {
            throw new LocalPostgresException("could not give " + path + " to user '" + user + "': " + e, e);
        }
    }

    /** Fails with advice if the unprivileged user cannot reach {@code dir} (every parent needs search permission). */
    void requireReachable(Path dir) {
        if (user == null) {
            return;
        }
        Processes.Result r = Processes.run(wrap(List.of("test", "-x", dir.toString())), dir, 10, null);
        if (!r.ok()) {
            throw new LocalPostgresException("PostgreSQL runs as user '" + user + "' (the JVM is root) but that user"
                    + " cannot reach " + dir + ": every directory on the way needs search permission for it (e.g."
                    + " `chmod o+x` on each parent), or choose a data directory under a world-traversable path such"
                    + " as /tmp or the build's target/ directory. " + r.describe());
        }
    }

    private static boolean isRoot(Path workDir) {
        if ("root".equals(System.getProperty("user.name"))) {
            return true;
        }
        Processes.Result id = Processes.run(List.of("id", "-u"), workDir, 10, null);
        return id.ok() && id.output().strip().equals("0");
    }

    private static String shellQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
