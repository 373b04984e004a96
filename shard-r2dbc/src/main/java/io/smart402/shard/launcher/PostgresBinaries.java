package io.smart402.shard.launcher;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The directory holding one PostgreSQL installation's server programs, found on PATH or in the usual places. */
record PostgresBinaries(Path binDir) {

    static final List<String> REQUIRED = List.of("initdb", "pg_ctl", "postgres", "psql");

    // Directories whose single '*' is a major version; Debian/Ubuntu, PGDG on RHEL/Fedora, Homebrew (keg-only
    // postgresql@N is not on PATH) on Apple silicon and Intel.
    private static final List<String> VERSIONED_DIRS = List.of(
            "/usr/lib/postgresql/*/bin",
            "/usr/pgsql-*/bin",
            "/opt/homebrew/opt/postgresql@*/bin",
            "/usr/local/opt/postgresql@*/bin");

    Path initdb() {
        return binDir.resolve("initdb");
    }

    Path pgCtl() {
        return binDir.resolve("pg_ctl");
    }

    Path postgres() {
        return binDir.resolve("postgres");
    }

    Path psql() {
        return binDir.resolve("psql");
    }

    /** Uses {@code binDir} as given, failing if a required program is missing there. */
    static PostgresBinaries in(Path binDir) {
        if (!complete(binDir)) {
            throw new LocalPostgresException("PostgreSQL bin directory " + binDir + " lacks one of " + REQUIRED
                    + "; point binDir at the directory that holds initdb. " + installHint());
        }
        return new PostgresBinaries(binDir);
    }

    /** PATH first, then the highest version in the usual install locations. */
    static PostgresBinaries locate() {
        Optional<Path> onPath = Processes.which("initdb", List.of());
        if (onPath.isPresent()) {
            // PATH often holds symlinks (/usr/local/bin/initdb, Homebrew's bin); the programs that belong with
            // this initdb, psql included, sit beside its real file.
            for (Path dir : List.of(realParent(onPath.get()), onPath.get().getParent())) {
                if (complete(dir)) {
                    return new PostgresBinaries(dir);
                }
            }
        }
        return highestVersioned().orElseThrow(() -> new LocalPostgresException(
                "PostgreSQL server programs " + REQUIRED + " were not found on PATH nor under "
                        + String.join(", ", VERSIONED_DIRS) + ". " + installHint()));
    }

    static String installHint() {
        return "Install PostgreSQL (any version 14 or later): on Debian/Ubuntu `apt-get install -y postgresql`"
                + " (programs land in /usr/lib/postgresql/<version>/bin, found automatically); on Fedora/RHEL"
                + " `dnf install -y postgresql-server`; on macOS `brew install postgresql@15`. Or put the directory"
                + " holding initdb on PATH.";
    }

    private static Optional<PostgresBinaries> highestVersioned() {
        List<Candidate> found = new ArrayList<>();
        for (String pattern : VERSIONED_DIRS) {
            int star = pattern.indexOf('*');
            Path parent = Path.of(pattern.substring(0, pattern.lastIndexOf('/', star)));
            String prefix = pattern.substring(pattern.lastIndexOf('/', star) + 1, star);
            String rest = pattern.substring(star + 1);
            if (!Files.isDirectory(parent)) {
                continue;
            }
            try (DirectoryStream<Path> children = Files.newDirectoryStream(parent, prefix + "*")) {
                for (Path child : children) {
                    String version = child.getFileName().toString().substring(prefix.length());
                    Path bin = Path.of(child + rest);
                    if (complete(bin)) {
                        found.add(new Candidate(version, bin));
                    }
                }
            } catch (IOException e) {
                // An unreadable location is one we cannot use; the others may still do.
            }
        }
        return found.stream().max(Comparator.comparing(Candidate::version, PostgresBinaries::compareVersions))
                .map(c -> new PostgresBinaries(c.bin));
    }

    private static boolean complete(Path dir) {
        return dir != null && REQUIRED.stream().allMatch(p -> Files.isExecutable(dir.resolve(p)));
    }

    private static Path realParent(Path file) {
        try {
            return file.toRealPath().getParent();
        } catch (IOException e) {
            return file.getParent();
        }
    }

    /** Compares dotted numeric versions ("9.6" < "15" < "16.1"); non-numeric parts compare as zero. */
    static int compareVersions(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int c = Integer.compare(number(x, i), number(y, i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static int number(String[] parts, int i) {
        if (i >= parts.length) {
            return 0;
        }
        try {
            return Integer.parseInt(parts[i]);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private record Candidate(String version, Path bin) {}
}
