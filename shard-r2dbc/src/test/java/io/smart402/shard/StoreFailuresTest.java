package io.smart402.shard;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.r2dbc.spi.R2dbcBadGrammarException;
import io.r2dbc.spi.R2dbcDataIntegrityViolationException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcRollbackException;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.smart402.core.error.FailureClass;
import io.smart402.core.resilience.circuitbreaker.CircuitOpenException;
import io.smart402.shard.store.ShardUnavailableException;
import io.smart402.shard.store.StoreOverloadedException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class StoreFailuresTest {

    private final StoreFailures failures = StoreFailures.INSTANCE;

    @Test
    void aLostConnectionIsANodeFailureThatMarksTheNodeDown() {
        Throwable refused = new IllegalStateException("acquire", new ConnectException("refused"));
        assertThat(failures.classify(refused)).isEqualTo(FailureClass.CONNECTION_LOST);
        assertThat(failures.classify(new R2dbcNonTransientResourceException("terminating", "57P01")))
                .isEqualTo(FailureClass.CONNECTION_LOST);
        assertThat(failures.isConnectionLoss(refused)).isTrue();
    }

    @Test
    void slownessAndAnOpenBreakerAreNodeFailuresButNotConnectionLoss() {
        CircuitOpenException open = new CircuitOpenException("n", Duration.ofSeconds(2),
                CallNotPermittedException.createCallNotPermittedException(CircuitBreaker.ofDefaults("n")));
        for (Throwable e : new Throwable[] {new TimeoutException(), new R2dbcTimeoutException("slow"), open}) {
            assertThat(failures.classify(e)).as(e.toString()).isEqualTo(FailureClass.UNRESPONSIVE);
            assertThat(failures.isDependencyFailure(e)).isTrue();
            assertThat(failures.isConnectionLoss(e)).isFalse();
        }
    }

    @Test
    void statementErrorsAreTheRequestsFaultEvenOverALostConnectionFurtherDown() {
        assertThat(failures.classify(new R2dbcBadGrammarException("syntax", "42601"))).isEqualTo(FailureClass.CLIENT_ERROR);
        assertThat(failures.classify(new R2dbcDataIntegrityViolationException("dup", "23505",
                new ConnectException("x")))).isEqualTo(FailureClass.CLIENT_ERROR);
        assertThat(failures.isRetryable(new R2dbcBadGrammarException("syntax", "42601"))).isFalse();
    }

    @Test
    void aShardWithNoNodeNowIsRetriedButBlamesNoNode() {
        ShardUnavailableException none = new ShardUnavailableException("s0", "none available", null);
        assertThat(failures.classify(none)).isEqualTo(FailureClass.TRANSIENT);
        assertThat(failures.isRetryable(none)).isTrue();
        assertThat(failures.isDependencyFailure(none)).isFalse();
        assertThat(failures.isUnavailable(none)).isTrue();
    }

    @Test
    void serializationFailuresAreRetriedAndLoadSheddingIsNot() {
        assertThat(failures.classify(new R2dbcRollbackException("could not serialize", "40001")))
                .isEqualTo(FailureClass.TRANSIENT);
        assertThat(failures.classify(new StoreOverloadedException("s0"))).isEqualTo(FailureClass.OVERLOADED);
        assertThat(failures.isRetryable(new StoreOverloadedException("s0"))).isFalse();
    }
}
