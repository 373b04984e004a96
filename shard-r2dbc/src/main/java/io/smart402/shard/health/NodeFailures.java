package io.smart402.shard.health;

import io.r2dbc.spi.R2dbcBadGrammarException;
import io.r2dbc.spi.R2dbcDataIntegrityViolationException;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import java.io.IOException;
import java.util.concurrent.TimeoutException;

/**
 * Tells failures of a node (unreachable, connection lost, timed out, pool exhausted) from failures of a
 * statement (bad SQL, constraint): only the former count against the node's breaker and justify trying
 * another copy.
 */
public final class NodeFailures {

    private NodeFailures() {
    }

    /**
     * Whether the connection to the node is gone (refused, reset, server shut down) — as opposed to a slow
     * answer, which on a loaded machine says little about the node being down.
     */
    public static boolean isConnectionLoss(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause()) {
            if (e instanceof R2dbcTimeoutException || e instanceof TimeoutException
                    || e instanceof reactor.pool.PoolAcquireTimeoutException
                    || e instanceof io.github.resilience4j.circuitbreaker.CallNotPermittedException) {
                return false;
            }
        }
        return isNodeFailure(error);
    }

    public static boolean isNodeFailure(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause()) {
            if (e instanceof R2dbcBadGrammarException || e instanceof R2dbcDataIntegrityViolationException) {
                return false;
            }
            if (e instanceof R2dbcNonTransientResourceException || e instanceof R2dbcTransientResourceException
                    || e instanceof R2dbcTimeoutException || e instanceof TimeoutException
                    || e instanceof IOException || e instanceof io.r2dbc.pool.ConnectionPoolException
                    || e instanceof reactor.pool.PoolAcquireTimeoutException
                    || e instanceof io.github.resilience4j.circuitbreaker.CallNotPermittedException) {
                return true;
            }
            if (e instanceof R2dbcException r && r.getSqlState() != null
                    && (r.getSqlState().startsWith("08") || r.getSqlState().startsWith("57P"))) {
                return true; // SQLSTATE 08xxx connection exception, 57Pxx server shutting down / crashed
            }
            if (e.getClass().getName().startsWith("io.netty.channel")) {
                return true;
            }
        }
        return false;
    }
}
