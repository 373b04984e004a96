package io.smart402.server.metrics;

import io.smart402.core.metrics.MeterName;

/** Every meter the server publishes besides the libraries' own: the one place its names are written. */
public final class ServerMeters {

    public static final MeterName HTTP_REQUESTS = new MeterName("http.server.requests",
            "HTTP exchanges by method, route template and status");
    public static final MeterName HTTP_REQUESTS_ACTIVE = new MeterName("http.server.requests.active",
            "HTTP exchanges in progress");
    public static final MeterName CONTRACTS_INVALID = new MeterName("smart402.contracts.invalid",
            "Contracts refused by validation or decoding");
    public static final MeterName CONTRACTS_STORED = new MeterName("smart402.contracts.stored",
            "Contracts committed on their shard primary");
    public static final MeterName DEAD_LETTERS = new MeterName("smart402.dead.letters",
            "Dead letters kept (this server's count)");
    public static final MeterName DEAD_LETTERS_REPLAYED = new MeterName("smart402.dead.letters.replayed",
            "Dead letters written on replay");

    private ServerMeters() {
    }
}
