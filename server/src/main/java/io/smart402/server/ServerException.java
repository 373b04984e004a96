package io.smart402.server;

import io.smart402.core.error.FailureKind;
import io.smart402.core.error.Smart402Exception;

/** The base of the server module's exceptions: a refused request (who is calling, what it asks) or bad config. */
public class ServerException extends Smart402Exception {

    private static final long serialVersionUID = 1L;

    public ServerException(FailureKind kind, String type, String title, String message) {
        super(kind, type, title, message, null, false);
    }

    protected ServerException(FailureKind kind, String type, String title, String message, Throwable cause) {
        super(kind, type, title, message, cause, true);
    }
}
