package io.smart402.server.gateway;

import io.smart402.core.balance.BackendState;
import io.smart402.core.balance.BackendStats;
import io.smart402.core.balance.LoadBalancer;
import io.smart402.core.error.FailureKind;
import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * The gateway's backends as the admin endpoints (and an auto scaler) see and change them: list, add, drain,
 * remove. Errors are {@link GatewayException}s: a bad address or weight is the caller's (4xx), as is an unknown
 * or duplicate id.
 */
public final class GatewayBackends {

    private final LoadBalancer<BackendAddress> balancer;
    private final BackendPool pools;
    private final Duration drainTimeout;

    public GatewayBackends(LoadBalancer<BackendAddress> balancer, BackendPool pools, Duration drainTimeout) {
        this.balancer = balancer;
        this.pools = pools;
        this.drainTimeout = drainTimeout;
    }

    public List<BackendView> list() {
        return balancer.stats().stream().map(BackendView::of).toList();
    }

    /** Whether any backend can take a request now (the gateway's readiness). */
    public boolean anyEligible() {
        return balancer.stats().stream().map(BackendStats::state)
                .anyMatch(s -> s == BackendState.HEALTHY || s == BackendState.WARMING);
    }

    /** Adds a backend (it warms up if slow start is on); 409 if it is there already. */
    public BackendView add(String address, int weight) {
        BackendAddress parsed = BackendAddress.parse(address);
        if (weight < 1 || weight > 1_000_000) {
            throw new GatewayException(FailureKind.INVALID_INPUT, "invalid-weight",
                    "weight must be in [1, 1000000], was " + weight);
        }
        synchronized (this) {
            if (find(parsed.id()) != null) {
                throw new GatewayException(FailureKind.CONFLICT, "backend-exists",
                        "backend " + parsed.id() + " is already configured");
            }
            balancer.add(parsed.id(), parsed, weight);
        }
        return view(parsed.id());
    }

    /**
     * Stops new requests to a backend; emits its view once its requests in flight have ended, or at once when
     * they have not within the drain timeout (the view then shows them outstanding). Empty for an unknown id.
     */
    public Mono<BackendView> drain(String id) {
        if (find(id) == null) {
            return Mono.empty();
        }
        return balancer.drain(id).timeout(drainTimeout, Mono.empty()).then(Mono.fromSupplier(() -> view(id)));
    }

    /**
     * Drains a backend, then removes it and closes its pooled connections. Waits at most the drain timeout for
     * requests in flight; those still running then are cut off with the pool. False for an unknown id.
     */
    public Mono<Boolean> remove(String id) {
        BackendAddress address = find(id);
        if (address == null) {
            return Mono.just(false);
        }
        return balancer.drain(id)
                .timeout(drainTimeout, Mono.empty())
                .then(Mono.fromRunnable(() -> balancer.remove(id)))
                .then(Mono.fromRunnable(() -> pools.closeConnections(address)))
                .thenReturn(true);
    }

    private BackendAddress find(String id) {
        return balancer.backends().stream().filter(b -> b.id().equals(id)).map(b -> b.value()).findFirst()
                .orElse(null);
    }

    private BackendView view(String id) {
        return list().stream().filter(v -> v.id().equals(id)).findFirst()
                .orElseThrow(() -> new GatewayException(FailureKind.CONFLICT, "backend-removed",
                        "backend " + id + " was removed meanwhile"));
    }
}
