package io.smart402.server.config;

import io.smart402.core.error.FailureKind;
import io.smart402.server.ServerException;

/** A configuration value is missing, malformed or out of range; the message names the key. */
public final class ConfigException extends ServerException {

    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        this(message, null);
    }

    public ConfigException(String message, Throwable cause) {
        super(FailureKind.INVALID_INPUT, "invalid-config", message, cause);
    }
}
