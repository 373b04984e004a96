package io.smart402.server;

import io.smart402.core.error.FailureKind;
import io.smart402.core.error.Smart402Exception;

/** The base of the server module's exceptions: a refused request (who is calling, what it asks) or bad config. */
public class ServerException extends Smart402Exception {

    private static final long serialVersionUID = 1L;

    public ServerException(FailureKind kind, String reason, String message) {
        super(kind, reason, message, null, false);
    }

    protected ServerException(FailureKind kind, String reason, String message, Throwable cause) {
        super(kind, reason, message, cause, true);
    }
}
