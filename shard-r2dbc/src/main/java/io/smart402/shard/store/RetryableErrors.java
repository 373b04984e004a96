package io.smart402.shard.store;

import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcTransientException;
import io.smart402.core.resilience.retry.Retryable;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which store failures are worth another attempt (for {@code RetryPolicy.retryOn}): connection loss and
 * timeouts ({@link Retryable#transientErrors()}), pool acquisition timeouts, R2DBC's transient exceptions,
 * and the SQLSTATEs of a retryable transaction — 40001 serialization failure, 40P01 deadlock, class 08
 * connection exceptions, 57P01–57P03 shutdown / cannot connect now, 53300 too many connections — and a shard
 * with no node able to write right now (a node may be back within the deadline). Never
 * constraint violations or bad SQL, never a full write queue (that is load shedding: the client retries).
 */
public final class RetryableErrors {

    private static final Set<String> SQLSTATES = Set.of("40001", "40P01", "57P01", "57P02", "57P03", "53300");

    private RetryableErrors() {
    }

    public static Predicate<Throwable> store() {
        Predicate<Throwable> io = Retryable.transientErrors();
        return e -> !(e instanceof StoreOverloadedException) && (io.test(e) || Retryable.anyCause(e, c ->
                c instanceof ShardUnavailableException
                        || c instanceof R2dbcTransientException
                        || c instanceof io.r2dbc.pool.ConnectionPoolException
                        || c instanceof reactor.pool.PoolAcquireTimeoutException
                        || c instanceof R2dbcException r && r.getSqlState() != null
                        && (SQLSTATES.contains(r.getSqlState()) || r.getSqlState().startsWith("08"))));
    }
}
