package io.smart402.server.docker;

import static io.smart402.server.docker.DockerTools.DOCKER;
import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.Connection;
import io.smart402.core.phase.Phases;
import io.smart402.core.redis.LocalRedis;
import io.smart402.server.app.ServerSchedulers;
import io.smart402.server.app.Smart402Server;
import io.smart402.server.config.ConfigLoader;
import io.smart402.server.config.ServerConfig;
import io.smart402.shard.launcher.LocalPostgres;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;

/**
 * {@code docker/config/server.yaml} serving for real: six local PostgreSQL servers named as in compose.yaml
 * (each with the role {@code smart402} the PostgreSQL image creates), a local Redis, the secrets
 * {@code init-secrets.sh} writes; only the host names are swapped for the local ports, and the port for a free
 * one. The server starts on that file, takes a contract with the generated client key, and the copy reaches the
 * shard's replica, as the containers would.
 */
class DockerConfigServesTest {

    @Test
    void theComposeConfigServesOnLocalDatabasesAndRedis(@TempDir Path dir) throws Exception {
        Path secrets = dir.resolve("secrets");
        assertThat(DockerTools.run(dir, "bash", DOCKER.resolve("init-secrets.sh").toString(), secrets.toString())
                .exitCode()).isZero();
        List<String> names = new ArrayList<>();
        for (int n = 0; n < 3; n++) {
            names.add("pg-" + n + "-primary");
            names.add("pg-" + n + "-replica");
        }
        Path data = Path.of("target", "docker-config-fleet").toAbsolutePath();
        try (LocalPostgres pg = LocalPostgres.start(data, names, Map.of("fsync", "off", "max_connections", "40"));
             LocalRedis redis = LocalRedis.start(Path.of("target", "docker-config-redis").toAbsolutePath())) {
            String config = DockerTools.read(DOCKER.resolve("config/server.yaml")).replace("/secrets/", secrets + "/")
                    .replace("redis://redis:6379", redis.uri());
            for (String name : names) {
                LocalPostgres.Node node = pg.node(name);
                createRole(node);
                config = DockerTools.replaceOnce(config, "host: " + name + ", port: 5432",
                        "host: " + node.host() + ", port: " + node.port());
            }
            ServerConfig loaded = ConfigLoader.load(DockerTools.write(dir.resolve("server.yaml"), config),
                    Map.of("SMART402_AUTH_KEYS_FILE", secrets.resolve("api-keys.yaml").toString()),
                    List.of("server.port=0", "server.host=127.0.0.1"));
            try (Smart402Server server = Smart402Server.start(loaded, Clock.systemUTC(), ServerSchedulers.standard(),
                    Phases.standard())) {
                HttpClient client = HttpClient.create().baseUrl("http://127.0.0.1:" + server.port())
                        .responseTimeout(Duration.ofSeconds(60))
                        .headers(h -> h.set("X-API-Key", clientKey(DockerTools.read(secrets.resolve("api-keys.yaml")))));
                assertThat(status(client.get().uri("/ready"))).isEqualTo(200);
                int created = client.headers(h -> h.set("Content-Type", "application/json")).post().uri("/contracts")
                        .send(ByteBufFlux.fromString(Mono.just(
                                "{\"id\":\"docker_1\",\"type\":\"payment\",\"amount\":42,\"parties\":[\"a\",\"b\"]}")))
                        .responseSingle((r, body) -> body.then(Mono.just(r.status().code())))
                        .block(Duration.ofSeconds(60));
                assertThat(created).isEqualTo(201);
                assertThat(status(client.get().uri("/contracts/docker_1"))).isEqualTo(200);
                assertThat(copies(pg, names)).as("nodes holding docker_1: its shard's primary and replica")
                        .isEqualTo(2);
            }
        }
    }

    /** The role the PostgreSQL image creates from POSTGRES_USER (a superuser owning the database). */
    private static void createRole(LocalPostgres.Node node) {
        Mono.usingWhen(connect(node, node.user()),
                c -> Mono.from(c.createStatement("CREATE ROLE smart402 LOGIN SUPERUSER").execute())
                        .flatMap(r -> Mono.from(r.getRowsUpdated())),
                Connection::close).onErrorResume(e -> String.valueOf(e.getMessage()).contains("already exists"),
                        e -> Mono.empty())
                .block(Duration.ofSeconds(30));
    }

    /** How many nodes hold the row, waiting for the asynchronous copy (at most the replay interval). */
    private static long copies(LocalPostgres pg, List<String> names) throws InterruptedException {
        // Factories made here: building one reads files, which BlockHound refuses on the connections' threads.
        List<PostgresqlConnectionFactory> factories = names.stream().map(name -> factory(pg.node(name), "smart402"))
                .toList();
        long found = 0;
        for (int attempt = 0; attempt < 100 && found < 2; attempt++) {
            if (attempt > 0) {
                Thread.sleep(100);
            }
            found = Flux.fromIterable(factories).concatMap(factory -> Mono.usingWhen(Mono.from(factory.create()),
                            c -> Flux.from(c.createStatement("SELECT count(*) AS n FROM contracts WHERE id = 'docker_1'")
                                    .execute()).flatMap(r -> r.map((row, meta) -> row.get("n", Long.class))).next(),
                            Connection::close))
                    .filter(n -> n > 0).count().block(Duration.ofSeconds(30));
        }
        return found;
    }

    private static Mono<Connection> connect(LocalPostgres.Node node, String user) {
        return Mono.from(factory(node, user).create());
    }

    private static PostgresqlConnectionFactory factory(LocalPostgres.Node node, String user) {
        return new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration.builder()
                .host(node.host()).port(node.port()).username(user).database(node.database())
                .connectTimeout(Duration.ofSeconds(5)).build());
    }

    private static int status(HttpClient.ResponseReceiver<?> request) {
        return request.responseSingle((r, body) -> body.then(Mono.just(r.status().code())))
                .block(Duration.ofSeconds(60));
    }

    private static String clientKey(String keysFile) {
        Matcher m = Pattern.compile("\\{key: \"([0-9a-f]+)\", client: demo, role: client}").matcher(keysFile);
        assertThat(m.find()).as(keysFile).isTrue();
        return m.group(1);
    }
}
