package io.smart402.server.config;

/** A configuration value is missing, malformed or out of range; the message names the key. */
public final class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
