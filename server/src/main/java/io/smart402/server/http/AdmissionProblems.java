package io.smart402.server.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.smart402.core.ratelimit.RateLimitedException;
import io.smart402.core.ratelimit.RateLimiterUnavailableException;
import io.smart402.core.resilience.circuitbreaker.CircuitOpenException;
import io.smart402.core.resilience.deadletter.DeadLetteredException;
import io.smart402.core.resilience.priority.AdmissionRejectedException;
import io.smart402.core.resilience.retry.RetryExhaustedException;

/**
 * The admission and resilience part of {@link Problems} (kept apart so that file stays small): 429 for a
 * rate limit, 503 with {@code Retry-After} for an open breaker, an unavailable limiter or a full waiting
 * room; a write that failed after its retries maps like its last error, plus {@code attempts} and, when it
 * was saved, {@code deadLetter}. Texts per spec §3.
 */
final class AdmissionProblems {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private AdmissionProblems() {
    }

    /** The problem for {@code e}, or null when {@code e} is not an admission or resilience error. */
    static Problem from(Throwable e) {
        if (e instanceof RateLimitedException r) {
            long seconds = r.decision().retryAfterSeconds();
            return Problem.of("rate-limited", "Too many requests", 429, r.getMessage())
                    .with("retryAfter", JSON.numberNode(seconds))
                    .with("remaining", JSON.numberNode(r.decision().remaining()))
                    .retryAfter(seconds);
        }
        if (e instanceof CircuitOpenException c) {
            return Problem.of("circuit-open", "Service unavailable", 503, c.getMessage())
                    .with("breaker", JSON.textNode(c.breaker()))
                    .with("retryAfter", JSON.numberNode(c.retryAfterSeconds()))
                    .retryAfter(c.retryAfterSeconds());
        }
        if (e instanceof RateLimiterUnavailableException u) {
            long seconds = Math.max(1, (u.retryAfter().toMillis() + 999) / 1000);
            return Problem.of("rate-limiter-unavailable", "Service unavailable", 503, u.getMessage()).retryAfter(seconds);
        }
        if (e instanceof AdmissionRejectedException a) {
            return Problem.of("overloaded", "Service overloaded", 503, a.getMessage()).retryAfter(1);
        }
        if (e instanceof DeadLetteredException d) {
            return Problems.from(d.getCause()).with("deadLetter", JSON.textNode(d.deadLetter().id()))
                    .with("attempts", JSON.numberNode(d.deadLetter().attempts()));
        }
        if (e instanceof RetryExhaustedException x) {
            return Problems.from(x.getCause()).with("attempts", JSON.numberNode(x.attempts()));
        }
        return null;
    }
}
