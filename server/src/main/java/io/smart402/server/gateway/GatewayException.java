package io.smart402.server.gateway;

import io.smart402.core.error.FailureKind;
import io.smart402.server.ServerException;

/**
 * Why the gateway could not serve a request: a backend failed or timed out after it was asked (502, 504 through
 * {@code Problems}), or an admin request was wrong (bad address, unknown backend).
 */
public final class GatewayException extends ServerException {

    private static final long serialVersionUID = 1L;

    public GatewayException(FailureKind kind, String reason, String message) {
        super(kind, reason, message);
    }

    static GatewayException backendFailed(String backend, Throwable cause) {
        return new GatewayException(FailureKind.UPSTREAM_FAILED, "backend-failed",
                "backend " + backend + " failed: " + describe(cause));
    }

    static GatewayException backendTimeout(String backend, String what) {
        return new GatewayException(FailureKind.UPSTREAM_TIMEOUT, "backend-timeout",
                "backend " + backend + " " + what);
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : " (" + message + ")");
    }
}
