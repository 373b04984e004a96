package io.smart402.server.admission;

import io.smart402.core.ratelimit.RateLimitDecision;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The rate-limit response fields of draft-ietf-httpapi-ratelimit-headers-08 (October 2024):
 * {@code RateLimit-Policy: "default";q=1000;w=60} (quota per window, seconds) and
 * {@code RateLimit: "default";r=998;t=1} (remaining quota, seconds until it is whole again). The policy
 * name is {@code client} for a per-client override, else {@code default}.
 */
final class RateLimitHeaders {

    private RateLimitHeaders() {
    }

    static void set(HttpServerResponse response, RateLimitDecision decision, boolean override) {
        String name = override ? "\"client\"" : "\"default\"";
        response.header("RateLimit-Policy", name + ";q=" + decision.policy().quota() + ";w="
                + Math.max(1, decision.policy().window().toSeconds()));
        response.header("RateLimit", name + ";r=" + decision.remaining() + ";t=" + decision.resetAfterSeconds());
    }
}
