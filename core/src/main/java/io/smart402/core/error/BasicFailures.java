package io.smart402.core.error;

import java.io.IOException;
import java.util.concurrent.TimeoutException;

/**
 * {@link FailureClassifier#basic()}. Our own "unavailable" failures (an open breaker, exhausted retries) are
 * not retried: they already mean "later", and retrying them at once would only hammer the dependency.
 */
final class BasicFailures implements FailureClassifier {

    static final BasicFailures INSTANCE = new BasicFailures();

    private BasicFailures() {
    }

    @Override
    public FailureClass classify(Throwable error) {
        FailureClass own = FailureClassifier.ofKind(error);
        if (own == FailureClass.CLIENT_ERROR || own == FailureClass.OVERLOADED) {
            // Our own client errors and load shedding stay what they say, whatever they wrap (a malformed body
            // wraps Jackson's IOException).
            return own;
        }
        if (FailureClassifier.anyCause(error, c -> c instanceof IOException)) {
            return FailureClass.CONNECTION_LOST;
        }
        if (FailureClassifier.anyCause(error, c -> c instanceof TimeoutException)) {
            return FailureClass.UNRESPONSIVE;
        }
        FailureClass declared = FailureClassifier.ofKind(error);
        return declared == FailureClass.TRANSIENT ? FailureClass.OTHER : declared;
    }

    @Override
    public boolean isUnavailable(Throwable error) {
        return classify(error).retryable() || FailureClassifier.ofKind(error) == FailureClass.TRANSIENT;
    }
}
