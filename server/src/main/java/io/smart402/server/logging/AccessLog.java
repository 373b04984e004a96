package io.smart402.server.logging;

import io.smart402.core.logging.RequestIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One line per request on the {@value #LOGGER} logger. The fields are in the MDC too, so a JSON line carries
 * them as members ({@code mdc.method}, {@code mdc.status}, …) beside the readable message. Never the API key:
 * the client is the id the key maps to.
 *
 * <p>Written by {@code HttpMetrics.route} when the exchange ends rather than by Reactor Netty's access log,
 * because the client id and the request id live in the request's Reactor context, which Reactor Netty's
 * access-log callback cannot see.
 */
public final class AccessLog {

    /** The access log's logger: its level and appender are set apart from the application's ({@code LogSetup}). */
    public static final String LOGGER = "smart402.access";

    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    private AccessLog() {
    }

    public static boolean enabled() {
        return LOG.isInfoEnabled();
    }

    /** Writes the line of one finished exchange; {@code bytes} is the response body's size. */
    /** Milliseconds with three decimals, without String.format (a Formatter per line on the event loop). */
    static String millis(long nanos) {
        long micros = Math.max(0, nanos) / 1000;
        String fraction = Long.toString(micros % 1000);
        return micros / 1000 + "." + "0".repeat(3 - fraction.length()) + fraction;
    }

    public static void write(String method, String path, int status, long bytes, long durationNanos, String client,
                             String requestId) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        String duration = millis(durationNanos);
        MDC.put("method", method);
        MDC.put("path", path);
        MDC.put("status", Integer.toString(status));
        MDC.put("bytes", Long.toString(bytes));
        MDC.put("durationMs", duration);
        MDC.put("client", client);
        MDC.put(RequestIds.MDC_KEY, requestId);
        try {
            LOG.info("{} {} {} {}B {}ms client={}", method, path, status, bytes, duration, client);
        } finally {
            MDC.remove("method");
            MDC.remove("path");
            MDC.remove("status");
            MDC.remove("bytes");
            MDC.remove("durationMs");
            MDC.remove("client");
            MDC.remove(RequestIds.MDC_KEY);
        }
    }
}
