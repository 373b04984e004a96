package io.smart402.core.error;

import static org.assertj.core.api.Assertions.assertThat;

import io.smart402.core.contract.ContractFormatException;
import io.smart402.core.resilience.circuitbreaker.CircuitOpenException;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class FailureClassifierTest {

    private final FailureClassifier basic = FailureClassifier.basic();

    @Test
    void ioAnywhereInTheChainIsALostConnection() {
        Throwable wrapped = new IllegalStateException("write failed", new ConnectException("refused"));
        assertThat(basic.classify(wrapped)).isEqualTo(FailureClass.CONNECTION_LOST);
        assertThat(basic.isRetryable(wrapped)).isTrue();
        assertThat(basic.isConnectionLoss(wrapped)).isTrue();
    }

    @Test
    void aTimeoutIsUnresponsiveNotLost() {
        assertThat(basic.classify(new TimeoutException("slow"))).isEqualTo(FailureClass.UNRESPONSIVE);
        assertThat(basic.isDependencyFailure(new TimeoutException("slow"))).isTrue();
        assertThat(basic.isConnectionLoss(new TimeoutException("slow"))).isFalse();
    }

    @Test
    void ourOwnClientErrorsStayClientErrorsWhateverTheyWrap() {
        Throwable malformed = new ContractFormatException("E_ENCODING", "body is not valid UTF-8",
                new java.io.CharConversionException("bad byte"));
        assertThat(basic.classify(malformed)).isEqualTo(FailureClass.CLIENT_ERROR);
        assertThat(basic.isDependencyFailure(malformed)).isFalse();
        assertThat(basic.isRetryable(malformed)).isFalse();
    }

    @Test
    void programmingAndInputErrorsAreNeverRetried() {
        assertThat(basic.isRetryable(new IllegalArgumentException("invalid contract"))).isFalse();
        assertThat(basic.isDependencyFailure(new IllegalArgumentException("invalid contract"))).isFalse();
    }

    @Test
    void anOpenBreakerIsUnavailableButNotRetriedAtOnce() {
        CircuitOpenException open = new CircuitOpenException("redis", Duration.ofSeconds(3), null);
        assertThat(basic.isRetryable(open)).isFalse();
        assertThat(basic.isUnavailable(open)).isTrue();
        assertThat(FailureClassifier.ofKind(open)).isEqualTo(FailureClass.TRANSIENT);
    }

    @Test
    void causeLoopsDoNotHang() {
        IOException a = new IOException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);
        assertThat(FailureClassifier.anyCause(b, c -> false)).isFalse();
    }
}
