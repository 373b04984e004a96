package io.smart402.core.balance;

import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Runs a {@link HealthCheck}: a round of probes (all backends at once) every interval on the balancer's
 * scheduler, so virtual time drives it in tests. A round that overruns makes the next tick be skipped rather than
 * queued (the timeout bounds a round anyway).
 */
final class ActiveHealthChecker<T> {

    private final HealthCheck<T> check;
    private final Scheduler scheduler;
    private final LongSupplier nanos;

    ActiveHealthChecker(HealthCheck<T> check, Scheduler scheduler, LongSupplier nanos) {
        this.check = check;
        this.scheduler = scheduler;
        this.nanos = nanos;
    }

    Disposable start(Supplier<List<Backend<T>>> members) {
        return Flux.interval(Duration.ZERO, check.interval(), scheduler)
                .onBackpressureDrop()
                .concatMap(tick -> Flux.fromIterable(members.get()).flatMap(this::probe), 1)
                .subscribe();
    }

    private Mono<Boolean> probe(Backend<T> backend) {
        return Mono.defer(() -> check.probe().apply(backend.value()))
                .timeout(check.timeout(), scheduler)
                .defaultIfEmpty(false)
                .onErrorReturn(false)
                .doOnNext(ok -> backend.health.probed(ok, check.rise(), check.fall(), nanos.getAsLong()));
    }
}
