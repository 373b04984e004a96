package io.smart402.server.admission;

import io.smart402.core.error.FailureKind;
import io.smart402.core.ratelimit.Admission;
import io.smart402.core.ratelimit.RateLimitDecision;
import io.smart402.core.ratelimit.RateLimitOperator;
import io.smart402.core.ratelimit.RateLimitedException;
import io.smart402.core.ratelimit.RateLimiter;
import io.smart402.core.resilience.priority.Priority;
import io.smart402.server.ServerException;
import io.smart402.server.auth.ApiKeys;
import io.smart402.server.auth.ClientAuth;
import io.smart402.server.config.AdmissionConfig;
import java.time.Duration;
import java.util.function.BiFunction;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The front door of the client endpoints: identify the caller ({@link ClientAuth}), charge its rate limit,
 * and read the request's priority.
 *
 * <p>Charging: a request costs one permit, taken before its body is read, waiting at most
 * {@code ratelimit.max-wait}; refused → 429 with {@code Retry-After} and the RateLimit fields. A batch of n
 * items costs n: its first permit is taken like a single request's (so a client with nothing left gets a
 * plain 429 and nothing is read), then each further item takes one permit as it streams in, waiting up to
 * {@code ratelimit.batch-max-wait} — a large batch is paced at the client's rate rather than refused
 * whole, and only an item that cannot get a permit within that bound becomes a 429 event (its stream goes
 * on). The anonymous caller of a key-less loopback server is not limited.
 */
public final class AdmissionControl {

    /** The caller, its first charge (null when not limited) and the request's default priority. */
    public record Admitted(ApiKeys.Principal principal, RateLimitDecision decision, Priority priority) {
    }

    private final ClientAuth auth;
    private final RateLimiter limiter;
    private final AdmissionConfig.RateLimit settings;
    private final Priority defaultPriority;

    /** @param limiter null when rate limiting is disabled */
    public AdmissionControl(ClientAuth auth, RateLimiter limiter, AdmissionConfig config) {
        this.auth = auth;
        this.limiter = limiter;
        this.settings = config.rateLimit();
        this.defaultPriority = config.priority().defaultPriority();
    }

    /** Authenticates, reads {@code X-Priority} and charges one permit; fails with an invalid-priority, unauthorized, rate-limited or limiter-unavailable error. */
    public Mono<Admitted> admit(HttpServerRequest request, HttpServerResponse response) {
        Priority priority;
        String header = request.requestHeaders().get("X-Priority");
        if (header == null) {
            priority = defaultPriority;
        } else {
            priority = Priority.parse(header).orElse(null);
            if (priority == null) {
                return Mono.error(new ServerException(FailureKind.INVALID_INPUT, "invalid-priority",
                        "X-Priority must be CRITICAL, HIGH, NORMAL, LOW, BACKGROUND or 0-4, was '" + header + "'"));
            }
        }
        return auth.authenticate(request, response).flatMap(principal -> {
            if (!limited(principal)) {
                return Mono.just(new Admitted(principal, null, priority));
            }
            return limiter.acquire(principal.client(), 1, settings.maxWait()).flatMap(decision -> {
                RateLimitHeaders.set(response, decision, settings.policies().overrides().containsKey(principal.client()));
                return decision.allowed() ? Mono.just(new Admitted(principal, decision, priority))
                        : Mono.error(new RateLimitedException(principal.client(), decision));
            });
        });
    }

    /**
     * Charges every batch item after the first (already paid by {@link #admit}) one permit, in order;
     * an item that cannot get one within {@code batch-max-wait} is replaced by
     * {@code refuse(item, RateLimitedException)}.
     */
    public <T> Function<Flux<T>, Flux<T>> pace(Admitted admitted, BiFunction<T, RateLimitedException, T> refuse) {
        if (admitted.decision() == null) {
            return Function.identity();
        }
        String client = admitted.principal().client();
        Function<Flux<T>, Flux<Admission<T>>> charge = RateLimitOperator.admissions(limiter, item -> client,
                settings.batchMaxWait());
        return items -> items.switchOnFirst((first, all) -> first.hasValue()
                ? Flux.concat(Flux.just(first.get()), all.skip(1).transform(charge).map(a -> a.allowed() ? a.value()
                        : refuse.apply(a.value(), new RateLimitedException(client, a.decision()))))
                : all);
    }

    private boolean limited(ApiKeys.Principal principal) {
        return limiter != null && !ClientAuth.isAnonymous(principal);
    }

    /** How long a single request may wait (for docs and tests). */
    public Duration maxWait() {
        return settings.maxWait();
    }
}
