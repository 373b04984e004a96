package io.smart402.server.drain;

import io.smart402.core.error.FailureKind;
import io.smart402.core.error.RetryAfter;
import io.smart402.server.ServerException;
import java.time.Duration;
import java.util.Map;

/**
 * This instance is shutting down: a new request is refused, or a batch item it had not started is handed back.
 * Another instance (or this one's replacement) takes it: retry soon.
 */
public final class DrainingException extends ServerException implements RetryAfter {

    private static final long serialVersionUID = 1L;

    private final long fromLine;

    public DrainingException(String message) {
        this(message, 0);
    }

    /** @param fromLine the first line of a batch handed back unread (every later line with it); 0 for none */
    public DrainingException(String message, long fromLine) {
        super(FailureKind.UNAVAILABLE, "draining", message);
        this.fromLine = fromLine;
    }

    @Override
    public Map<String, Object> details() {
        return fromLine > 0 ? Map.of("unreadFromLine", fromLine) : Map.of();
    }

    @Override
    public Duration retryAfter() {
        return Duration.ofSeconds(1);
    }
}
