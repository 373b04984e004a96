package io.smart402.server.gateway;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.timeout.ReadTimeoutException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.nio.channels.UnresolvedAddressException;

/** What went wrong talking to a backend, as far as retrying and answering the client care. */
enum BackendFailure {
    /** No connection was made: nothing of the request was sent, so any request may go to another backend. */
    NOT_CONNECTED,
    /** The backend did not answer within the response timeout. */
    TIMED_OUT,
    /** The connection broke (reset, closed early) after the request was, or may have been, sent. */
    BROKEN,
    /** Not the backend's doing (the client went away, a bug): never retried, never held against the backend. */
    OTHER;

    static BackendFailure of(Throwable e) {
        if (unreachable(e) || isPoolRefusal(e)) {
            return NOT_CONNECTED;
        }
        if (e instanceof ReadTimeoutException) {
            return TIMED_OUT;
        }
        if (e instanceof IOException) {
            return BROKEN; // PrematureCloseException, "Connection reset by peer", ...
        }
        return OTHER;
    }

    /**
     * Whether the backend could not be reached at all (connection refused, connect timeout, no route): a killed
     * or stopped process, which the next calls would only meet again. A pool refusal (too many waiting) is not:
     * the backend is there, just busy.
     */
    static boolean unreachable(Throwable e) {
        return e instanceof ConnectException || e instanceof ConnectTimeoutException
                || e instanceof NoRouteToHostException || e instanceof UnresolvedAddressException;
    }

    /** Whether the balancer counts it against the backend (outlier ejection, latency). */
    boolean againstBackend() {
        return this != OTHER;
    }

    /**
     * Reactor Netty's pool refusing an acquire (too many pending, acquire timeout) happens before any byte is
     * sent. Its exception types are shaded ({@code reactor.netty.internal.shaded.reactor.pool}), not API, so
     * they are recognised by package rather than imported.
     */
    private static boolean isPoolRefusal(Throwable e) {
        return e.getClass().getPackageName().endsWith(".reactor.pool")
                && e.getClass().getSimpleName().startsWith("PoolAcquire");
    }
}
