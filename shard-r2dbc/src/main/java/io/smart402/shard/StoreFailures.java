package io.smart402.shard;

import io.r2dbc.spi.R2dbcBadGrammarException;
import io.r2dbc.spi.R2dbcDataIntegrityViolationException;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.R2dbcTransientException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import io.smart402.core.error.FailureClass;
import io.smart402.core.error.FailureClassifier;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * The store's {@link FailureClassifier}, aware of R2DBC, the pool and PostgreSQL's SQLSTATEs; used by the node
 * breakers and failover ({@link #isDependencyFailure}: a node failure, worth another copy), node health
 * ({@link #isConnectionLoss}: marks the node down at once) and store-write retries ({@link #isRetryable}).
 *
 * <ul>
 *   <li>A node failure is a lost connection (refused, reset, SQLSTATE 08xxx, 57Pxx server shutting down) or an
 *       unresponsive node (timed out, pool exhausted, its breaker open) — unless a statement error (bad SQL,
 *       constraint) comes first in the cause chain.</li>
 *   <li>Transient: R2DBC's transient exceptions and the SQLSTATEs of a retryable transaction — 40001
 *       serialization failure, 40P01 deadlock, 57P01–57P03, 53300 too many connections — and a shard with no
 *       node able to take the call right now (one may be back within the retry deadline).</li>
 *   <li>Never retried: constraint violations and bad SQL, a full write queue (load shedding: the client
 *       retries).</li>
 * </ul>
 */
public final class StoreFailures implements FailureClassifier {

    public static final StoreFailures INSTANCE = new StoreFailures();

    private static final Set<String> RETRYABLE_SQLSTATES = Set.of("40001", "40P01", "57P01", "57P02", "57P03", "53300");

    private StoreFailures() {
    }

    @Override
    public FailureClass classify(Throwable error) {
        FailureClass own = FailureClassifier.ofKind(error);
        if (own == FailureClass.CLIENT_ERROR || own == FailureClass.OVERLOADED) {
            // Our own client errors and load shedding stay what they say, whatever they wrap (a malformed body
            // wraps Jackson's IOException): never retried, never counted against a node.
            return own;
        }
        int depth = 0;
        for (Throwable c = error; c != null && depth < 16; c = c.getCause(), depth++) {
            if (c instanceof R2dbcBadGrammarException || c instanceof R2dbcDataIntegrityViolationException) {
                return FailureClass.CLIENT_ERROR;
            }
            if (isNodeFailure(c)) {
                return FailureClassifier.anyCause(error, StoreFailures::isUnresponsive)
                        ? FailureClass.UNRESPONSIVE : FailureClass.CONNECTION_LOST;
            }
        }
        // Our own exceptions say what they are (a shard with no node now is UNAVAILABLE, hence transient).
        FailureClass declared = FailureClassifier.ofKind(error);
        if (declared != FailureClass.OTHER) {
            return declared;
        }
        return FailureClassifier.anyCause(error, StoreFailures::isTransient) ? FailureClass.TRANSIENT : declared;
    }

    private static boolean isNodeFailure(Throwable e) {
        if (e instanceof R2dbcNonTransientResourceException || e instanceof R2dbcTransientResourceException
                || e instanceof IOException || e instanceof io.r2dbc.pool.ConnectionPoolException
                || isUnresponsive(e)) {
            return true;
        }
        if (e instanceof R2dbcException r && r.getSqlState() != null
                && (r.getSqlState().startsWith("08") || r.getSqlState().startsWith("57P"))) {
            return true; // SQLSTATE 08xxx connection exception, 57Pxx server shutting down / crashed
        }
        return e.getClass().getName().startsWith("io.netty.channel");
    }

    /** Slow, not gone: on a loaded machine a slow answer says little about the node being down. */
    private static boolean isUnresponsive(Throwable e) {
        return e instanceof R2dbcTimeoutException || e instanceof TimeoutException
                || e instanceof reactor.pool.PoolAcquireTimeoutException
                || e instanceof io.github.resilience4j.circuitbreaker.CallNotPermittedException;
    }

    private static boolean isTransient(Throwable e) {
        return e instanceof R2dbcTransientException
                || e instanceof R2dbcException r && r.getSqlState() != null
                && (RETRYABLE_SQLSTATES.contains(r.getSqlState()) || r.getSqlState().startsWith("08"));
    }
}
