package io.smart402.server.gateway;

import io.smart402.core.error.FailureKind;

/** Where one backend listens: {@code host:port}, also its id in the balancer and in {@code /gateway/backends}. */
public record BackendAddress(String host, int port) {

    public BackendAddress {
        if (host == null || host.isBlank() || host.chars().anyMatch(c -> c <= ' ' || c == '/' || c == '@')) {
            throw invalid("backend host must be a host name or address, was '" + host + "'");
        }
        if (port < 1 || port > 65535) {
            throw invalid("backend port must be in [1, 65535], was " + port);
        }
    }

    /** Parses {@code host:port} (IPv6 as {@code [::1]:port}); a clear {@link GatewayException} otherwise. */
    public static BackendAddress parse(String text) {
        String t = text == null ? "" : text.trim();
        int colon = t.lastIndexOf(':');
        if (colon <= 0 || colon == t.length() - 1) {
            throw invalid("backend address must be host:port, was '" + t + "'");
        }
        String host = t.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(t.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw invalid("backend port must be a number, was '" + t.substring(colon + 1) + "'");
        }
        return new BackendAddress(host, port);
    }

    /** The balancer id and the form the admin endpoint takes. */
    public String id() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** The base URL requests to this backend go to. */
    String baseUrl() {
        return "http://" + id();
    }

    private static GatewayException invalid(String message) {
        return new GatewayException(FailureKind.INVALID_INPUT, "invalid-backend", message);
    }
}
