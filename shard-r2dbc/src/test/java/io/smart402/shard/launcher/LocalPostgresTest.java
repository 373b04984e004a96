package io.smart402.shard.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Starts real PostgreSQL servers; the JUnit thread may block, so queries end in {@code block()}. */
class LocalPostgresTest {

    private static final Path ROOT = Path.of("target", "local-postgres-test").toAbsolutePath();
    private static final Map<String, String> FAST = Map.of("fsync", "off", "max_connections", "37");

    @BeforeAll
    static void freshRoot() throws IOException {
        deleteRecursively(ROOT);
    }

    @Test
    void killedNodeComesBackOnItsPortAndDataOutlivesTheLauncher() {
        Path dir = ROOT.resolve("lifecycle");
        int portA;
        int portB;
        long t0 = System.nanoTime();
        try (LocalPostgres pg = LocalPostgres.start(dir, List.of("shard0-primary", "shard0-replica1"), FAST)) {
            System.out.printf("2 fresh nodes (initdb included) started in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            LocalPostgres.Node a = pg.node("shard0-primary");
            LocalPostgres.Node b = pg.node("shard0-replica1");
            portA = a.port();
            portB = b.port();

            assertThat(pg.nodes()).extracting(LocalPostgres.Node::name)
                    .containsExactly("shard0-primary", "shard0-replica1");
            assertThat(portA).isNotEqualTo(portB);
            assertThat(a.dataDir()).isEqualTo(dir.resolve("shard0-primary"));
            assertThat(a.r2dbcUrl()).isEqualTo("r2dbc:postgresql://postgres@127.0.0.1:" + portA + "/smart402");
            assertThat(query(a, "SELECT current_database()")).isEqualTo("smart402");
            assertThat(query(b, "SELECT 1::text")).isEqualTo("1");
            assertThat(query(a, "SHOW max_connections")).isEqualTo("37");
            assertThat(query(a, "SHOW unix_socket_directories")).isEmpty();
            execute(a, "CREATE TABLE survivor (id int PRIMARY KEY, note text)",
                    "INSERT INTO survivor VALUES (1, 'committed before the crash')");

            pg.kill("shard0-primary");

            assertThat(pg.isRunning("shard0-primary")).isFalse();
            assertThat(pg.isRunning("shard0-replica1")).isTrue();
            assertThatThrownBy(() -> query(a, "SELECT 1::text")).hasRootCauseInstanceOf(ConnectException.class);
            assertThat(query(b, "SELECT 1::text")).isEqualTo("1");

            long t1 = System.nanoTime();
            pg.restart("shard0-primary");
            System.out.printf("killed node restarted (crash recovery) in %d ms%n", (System.nanoTime() - t1) / 1_000_000);

            assertThat(pg.isRunning("shard0-primary")).isTrue();
            assertThat(pg.node("shard0-primary").port()).isEqualTo(portA);
            assertThat(query(a, "SELECT note FROM survivor WHERE id = 1")).isEqualTo("committed before the crash");

            pg.stop("shard0-replica1");
            assertThat(pg.isRunning("shard0-replica1")).isFalse();
            pg.restart("shard0-replica1");
            assertThat(query(b, "SELECT 1::text")).isEqualTo("1");
        }

        long t2 = System.nanoTime();
        try (LocalPostgres again = LocalPostgres.start(dir, List.of("shard0-primary", "shard0-replica1"), FAST)) {
            System.out.printf("2 existing nodes started again in %d ms%n", (System.nanoTime() - t2) / 1_000_000);
            assertThat(again.node("shard0-primary").port()).isEqualTo(portA);
            assertThat(again.node("shard0-replica1").port()).isEqualTo(portB);
            assertThat(query(again.node("shard0-primary"), "SELECT note FROM survivor"))
                    .isEqualTo("committed before the crash");
        }
    }

    @Test
    void closedLauncherLeavesNothingRunning() {
        Path dir = ROOT.resolve("close");
        LocalPostgres pg = LocalPostgres.start(dir, List.of("solo"), FAST);
        LocalPostgres.Node solo = pg.node("solo");

        pg.close();
        pg.close();

        assertThat(pg.isRunning("solo")).isFalse();
        assertThat(solo.dataDir().resolve("postmaster.pid")).doesNotExist();
        assertThat(solo.dataDir().resolve(DataDirectory.PORT_FILE)).hasContent(solo.port() + "\n");
        assertThatThrownBy(() -> query(solo, "SELECT 1::text")).hasRootCauseInstanceOf(ConnectException.class);
        assertThatThrownBy(() -> pg.restart("solo")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void frozenNodeAnswersNothingUntilThawedAndThenStopsCleanly() {
        Path dir = ROOT.resolve("frozen");
        try (LocalPostgres pg = LocalPostgres.start(dir, List.of("sleeper"), FAST)) {
            LocalPostgres.Node node = pg.node("sleeper");
            long postmaster = Long.parseLong(readFirstLine(node.dataDir().resolve("postmaster.pid")));
            // Under a root JVM the postmaster runs through runuser, which stops itself when its child stops.
            ProcessHandle starter = ProcessHandle.of(postmaster).flatMap(ProcessHandle::parent)
                    .filter(p -> p.pid() != ProcessHandle.current().pid()).orElse(null);

            pg.freeze("sleeper");

            assertThat(pg.isRunning("sleeper")).isTrue();
            assertThatThrownBy(() -> Mono.usingWhen(connect(node), c -> Mono.just(1), c -> c.close())
                    .block(Duration.ofSeconds(2))).hasMessageContaining("Timeout");

            pg.thaw("sleeper");

            assertThat(query(node, "SELECT 1::text")).isEqualTo("1");
            pg.stop("sleeper");
            assertThat(pg.isRunning("sleeper")).isFalse();
            if (starter != null) {
                assertThat(starter.isAlive()).as("the runuser wrapper was resumed and exited").isFalse();
            }
        }
    }

    @Test
    void nodeWhosePortWasTakenMovesToAnotherAndRemembersIt() throws IOException {
        Path dir = ROOT.resolve("moved");
        int first;
        try (LocalPostgres pg = LocalPostgres.start(dir, List.of("mover"), FAST)) {
            first = pg.node("mover").port();
        }

        try (ServerSocket squatter = new ServerSocket(first, 1, InetAddress.getByName("127.0.0.1"));
                LocalPostgres pg = LocalPostgres.start(dir, List.of("mover"), FAST)) {
            LocalPostgres.Node moved = pg.node("mover");

            assertThat(moved.port()).isNotEqualTo(first);
            assertThat(query(moved, "SELECT 1::text")).isEqualTo("1");
            assertThat(moved.dataDir().resolve(DataDirectory.PORT_FILE)).hasContent(moved.port() + "\n");
        }
    }

    @Test
    void failedStartReportsTheEndOfTheServerLog() {
        Path dir = ROOT.resolve("broken");

        assertThatThrownBy(() -> LocalPostgres.builder(dir).node("broken").setting("fsync", "off")
                        .setting("shared_buffers", "lots").startTimeout(Duration.ofSeconds(30)).start())
                .isInstanceOf(LocalPostgresException.class)
                .hasMessageContaining("PostgreSQL node 'broken'")
                .hasMessageContaining("last lines of " + dir.resolve("broken").resolve(DataDirectory.LOG_FILE))
                .hasMessageContaining("invalid value for parameter \"shared_buffers\"");
    }

    @Test
    void rootRefusesADataDirectoryTheServerUserCannotReach() throws IOException {
        assumeTrue("root".equals(System.getProperty("user.name")), "only a root JVM drops privileges");
        Path locked = ROOT.resolve("locked");
        Files.createDirectories(locked);
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));

        assertThatThrownBy(() -> LocalPostgres.start(locked.resolve("inside"), List.of("n"), FAST))
                .isInstanceOf(LocalPostgresException.class)
                .hasMessageContaining("runs as user 'postgres'")
                .hasMessageContaining("cannot reach " + locked.resolve("inside"))
                .hasMessageContaining("chmod o+x");
    }

    @Test
    void builderRejectsNonsenseNamingTheSetting() {
        LocalPostgres.Builder b = LocalPostgres.builder(ROOT.resolve("unused"));

        assertThatThrownBy(() -> b.node("../escape")).hasMessageContaining("node name '../escape' must match");
        assertThatThrownBy(() -> LocalPostgres.builder(ROOT).node("a").node("a"))
                .hasMessageContaining("duplicate node 'a'");
        assertThatThrownBy(() -> b.setting("port", "5432")).hasMessageContaining("setting 'port' is chosen by");
        assertThatThrownBy(() -> b.setting("bad name", "1")).hasMessageContaining("setting name 'bad name'");
        assertThatThrownBy(() -> b.runAsUser("root")).hasMessageContaining("runAsUser must name an unprivileged");
        assertThatThrownBy(() -> b.startTimeout(Duration.ZERO)).hasMessageContaining("startTimeout must be positive");
        assertThatThrownBy(() -> b.parallelism(0)).hasMessageContaining("parallelism must be >= 1");
        assertThatThrownBy(b::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("no nodes");
    }

    @Test
    void missingBinariesExplainHowToInstallThem() {
        assertThatThrownBy(() -> LocalPostgres.builder(ROOT.resolve("unused")).node("x")
                        .binDir(Path.of("/nonexistent/bin")).start())
                .isInstanceOf(LocalPostgresException.class)
                .hasMessageContaining("/nonexistent/bin")
                .hasMessageContaining("apt-get install -y postgresql")
                .hasMessageContaining("brew install postgresql@15");
    }

    private static String query(LocalPostgres.Node node, String sql) {
        return Mono.usingWhen(connect(node),
                        c -> Flux.from(c.createStatement(sql).execute())
                                .flatMap(r -> r.map((row, meta) -> String.valueOf(row.get(0, String.class))))
                                .next(),
                        c -> c.close())
                .block(Duration.ofSeconds(30));
    }

    private static void execute(LocalPostgres.Node node, String... statements) {
        Mono.usingWhen(connect(node),
                        c -> Flux.fromArray(statements)
                                .concatMap(sql -> Flux.from(c.createStatement(sql).execute())
                                        .flatMap(r -> r.getRowsUpdated()))
                                .then(),
                        c -> c.close())
                .block(Duration.ofSeconds(30));
    }

    private static Mono<io.r2dbc.postgresql.api.PostgresqlConnection> connect(LocalPostgres.Node node) {
        return new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration.builder()
                .host(node.host()).port(node.port()).username(node.user()).database(node.database())
                .connectTimeout(Duration.ofSeconds(5)).build()).create();
    }

    private static String readFirstLine(Path file) {
        try {
            return Files.readAllLines(file).get(0).strip();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
