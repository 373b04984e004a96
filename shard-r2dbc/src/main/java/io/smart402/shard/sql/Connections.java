package io.smart402.shard.sql;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/** The one way this module borrows a connection: opened on subscription, closed whatever the outcome. */
public final class Connections {

    private Connections() {
    }

    /** Runs {@code work} on a connection from {@code factory} (a pool hands it back on close). */
    public static <T> Mono<T> with(ConnectionFactory factory, Function<Connection, ? extends Mono<T>> work) {
        return Mono.usingWhen(Mono.from(factory.create()), work, Connection::close);
    }
}
