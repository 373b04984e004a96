package io.smart402.server.feed;

import io.smart402.core.error.FailureKind;
import io.smart402.server.ServerException;
import java.util.Map;

/** A feed request refused: bad cursor or filter ({@code parameter} names it), or too many feeds open. */
public final class FeedException extends ServerException {

    private static final long serialVersionUID = 1L;

    private final String parameter;

    private FeedException(FailureKind kind, String reason, String message, String parameter) {
        super(kind, reason, message);
        this.parameter = parameter;
    }

    /** A query parameter (or the {@code Last-Event-ID} header) that cannot be used. */
    static FeedException invalid(String parameter, String message) {
        return new FeedException(FailureKind.INVALID_INPUT, "invalid-parameter", message, parameter);
    }

    /** A cursor this fleet did not issue, or one altered since. */
    static FeedException invalidCursor(String parameter, String why) {
        return new FeedException(FailureKind.INVALID_INPUT, "invalid-cursor", "the resume cursor is not one this "
                + "server issued (" + why + "); resume with an event's id as it was sent", parameter);
    }

    static FeedException tooManyForClient(String client, int limit) {
        return new FeedException(FailureKind.RATE_LIMITED, "too-many-feeds", "client '" + client + "' already holds "
                + limit + " change feeds open (feed.max-subscribers-per-client); close one first", null);
    }

    static FeedException serverFull(int limit) {
        return new FeedException(FailureKind.OVERLOADED, "feeds-exhausted", "this server holds the most change feeds "
                + "it serves (" + limit + ", feed.max-subscribers); try again later or another instance", null);
    }

    @Override
    public Map<String, Object> details() {
        return parameter == null ? Map.of() : Map.of("parameter", parameter);
    }
}
