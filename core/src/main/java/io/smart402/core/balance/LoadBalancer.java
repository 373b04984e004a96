package io.smart402.core.balance;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smart402.core.metrics.CoreMeters;
import io.smart402.core.resilience.SchedulerClock;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * A non-blocking client-side load balancer over backends of any type: {@link #execute} picks a backend with its
 * {@link Strategy}, runs the call on it, and records the outcome (calls in flight, peak-EWMA latency, failures
 * for passive outlier ejection, meters). Backends are added, re-weighted, drained and removed at runtime; an
 * optional {@link HealthCheck} probes them. A pick reads one volatile snapshot of the members and, for most
 * strategies, takes no lock.
 *
 * <p>Time comes from the injected {@link Clock} and {@link Scheduler} (by default Reactor's parallel scheduler's
 * clock), so {@code StepVerifier.withVirtualTime} drives health checks, ejections and slow start.
 *
 * @param <T> the backend type
 */
public final class LoadBalancer<T> implements Disposable {

    private final String name;
    private final Strategy strategy;
    private final Strategy affinity;
    private final Clock clock;
    private final RandomGenerator random;
    private final MeterRegistry registry;
    private final CallOutcomes<T> outcomes;
    private final long slowStartNanos;
    private final long latencyDecayNanos;
    private final boolean startHealthy;
    private final Counter unavailable;
    private final Disposable checker;
    private volatile List<Backend<T>> members = List.of();
    private volatile boolean disposed;

    private LoadBalancer(Builder<T> b) {
        this.name = b.name;
        this.strategy = b.strategy == null ? Strategies.adaptive() : b.strategy;
        this.affinity = b.affinity == null ? strategy : b.affinity;
        this.clock = b.clock;
        this.random = b.random;
        this.registry = b.registry;
        this.outcomes = new CallOutcomes<>(this::nanos, b.isFailure, b.ejectAtOnce, new OutlierDetector(b.outliers),
                () -> members);
        this.slowStartNanos = b.slowStart.toNanos();
        this.latencyDecayNanos = b.latencyDecay.toNanos();
        this.startHealthy = b.healthCheck == null || b.startHealthy;
        this.unavailable = CoreMeters.BALANCER_UNAVAILABLE.counter().tag("balancer", name).register(registry);
        for (Initial<T> i : b.initial) {
            add(i.id(), i.value(), i.weight(), false);
        }
        Scheduler scheduler = b.scheduler == null ? Schedulers.parallel() : b.scheduler;
        this.checker = b.healthCheck == null ? null
                : new ActiveHealthChecker<>(b.healthCheck, scheduler, this::nanos).start(() -> members);
    }

    public static <T> Builder<T> builder() {
        return new Builder<>();
    }

    /** {@link #execute(String, Function)} without an affinity key. */
    public <R> Mono<R> execute(Function<? super T, ? extends Mono<? extends R>> call) {
        return execute(null, call);
    }

    /**
     * On subscription, picks a backend for {@code key} (may be null; a call with a key uses the affinity strategy), and subscribes
     * to {@code call} applied to it. The call counts as in flight until it completes, fails or is cancelled;
     * its latency and outcome feed the strategy and outlier detection (a cancellation counts neither way). When
     * no backend is eligible, fails with {@link NoBackendAvailableException}. Each subscription picks anew, so
     * wrapping it in a retry retries on another pick.
     */
    public <R> Mono<R> execute(String key, Function<? super T, ? extends Mono<? extends R>> call) {
        Objects.requireNonNull(call, "call");
        return executeOn(key, Set.of(), backend -> call.apply(backend.value()));
    }

    /**
     * As {@link #execute(String, Function)}, but the call gets the {@link Backend} (its id for logs and
     * retries), and backends whose ids are in {@code avoid} are passed over while another is eligible. A retry
     * that should land elsewhere adds each tried id to a concurrent set it passes here:
     * {@code Mono.defer(() -> lb.executeOn(key, tried, b -> { tried.add(b.id()); return send(b); })).retry(2)}.
     */
    public <R> Mono<R> executeOn(String key, Set<String> avoid,
                                 Function<? super Backend<T>, ? extends Mono<? extends R>> call) {
        Objects.requireNonNull(avoid, "avoid");
        Objects.requireNonNull(call, "call");
        return Mono.defer(() -> {
            Backend<T> backend = acquire(key, avoid);
            if (backend == null) {
                unavailable.increment();
                return Mono.error(new NoBackendAvailableException(name, members.size()));
            }
            long start = nanos();
            AtomicBoolean finished = new AtomicBoolean();
            return Mono.<R>defer(() -> call.apply(backend))
                    .doOnSuccess(v -> {
                        if (finished.compareAndSet(false, true)) {
                            outcomes.succeeded(backend, start);
                        }
                    })
                    .doOnError(e -> {
                        if (finished.compareAndSet(false, true)) {
                            outcomes.failed(backend, start, e);
                        }
                    })
                    .doOnCancel(() -> {
                        if (finished.compareAndSet(false, true)) {
                            outcomes.cancelled(backend);
                        }
                    });
        });
    }

    private Backend<T> acquire(String key, Set<String> avoid) {
        // A pick races a drain at most once per drain; the retries only bound that race.
        for (int attempt = 0; attempt < 3; attempt++) {
            List<Backend<T>> all = members;
            long now = nanos();
            List<Backend<T>> eligible = new ArrayList<>(all.size());
            for (Backend<T> b : all) {
                if (b.state(now).eligible()) {
                    eligible.add(b);
                }
            }
            if (eligible.isEmpty()) {
                return null;
            }
            if (!avoid.isEmpty()) {
                List<Backend<T>> others = new ArrayList<>(eligible.size());
                for (Backend<T> b : eligible) {
                    if (!avoid.contains(b.id())) {
                        others.add(b);
                    }
                }
                eligible = others.isEmpty() ? eligible : others;
            }
            Strategy s = key == null ? strategy : affinity;
            Backend<T> picked = s.pick(new Pick<>(all, eligible, key, now, random));
            if (picked.tryBegin(now)) {
                return picked;
            }
        }
        return null;
    }

    /** Adds a backend with weight 1; it warms up if slow start is on. */
    public Backend<T> add(String id, T value) {
        return add(id, value, 1);
    }

    /** Adds a backend; it warms up if slow start is on. Fails if the id is taken. */
    public Backend<T> add(String id, T value, int weight) {
        return add(id, value, weight, true);
    }

    private synchronized Backend<T> add(String id, T value, int weight, boolean warmUp) {
        requireWeight(weight);
        if (find(id) != null) {
            throw new IllegalArgumentException("balancer '" + name + "' already has a backend '" + id + "'");
        }
        long now = nanos();
        Backend<T> backend = new Backend<>(id, value, weight, new PeakEwma(latencyDecayNanos, now),
                new BackendHealth(now, startHealthy, warmUp), slowStartNanos);
        backend.meters = new BackendMeters(registry, name, backend, this::nanos);
        List<Backend<T>> next = new ArrayList<>(members);
        next.add(backend);
        members = Collections.unmodifiableList(next);
        return backend;
    }

    /**
     * Removes a backend at once: no new picks; calls in flight run to their end. To let them finish first,
     * {@code drain(id).then(Mono.fromRunnable(() -> remove(id)))}. False if there is no such backend.
     */
    public synchronized boolean remove(String id) {
        Backend<T> backend = find(id);
        if (backend == null) {
            return false;
        }
        List<Backend<T>> next = new ArrayList<>(members);
        next.remove(backend);
        members = Collections.unmodifiableList(next);
        backend.meters.remove();
        return true;
    }

    /**
     * A failure of a backend seen outside a call, e.g. a health probe that could not connect: counted against it
     * as a failed call would be (the {@code failureIf} filter, outlier detection, {@code ejectAtOnceIf}), so a
     * backend that died while no call went to it is ejected as soon as anything notices. Unknown ids are ignored
     * (removed meanwhile).
     */
    public void reportFailure(String id, Throwable error) {
        Objects.requireNonNull(error, "error");
        Backend<T> backend = find(id);
        if (backend != null) {
            outcomes.reported(backend, error);
        }
    }

    /**
     * Stops new picks of a backend now (not on subscription) and returns a Mono that completes once its calls
     * in flight have all ended. The backend stays a member (state {@code draining}) until removed.
     */
    public Mono<Void> drain(String id) {
        Backend<T> backend = find(id);
        if (backend == null) {
            return Mono.error(new IllegalArgumentException("balancer '" + name + "' has no backend '" + id + "'"));
        }
        return backend.drain();
    }

    /** Changes a backend's weight; false if there is no such backend. */
    public boolean weight(String id, int weight) {
        requireWeight(weight);
        Backend<T> backend = find(id);
        if (backend == null) {
            return false;
        }
        backend.weight(weight);
        return true;
    }

    /** The backends, in the order they were added. */
    public List<Backend<T>> backends() {
        return members;
    }

    /** A snapshot of every backend's figures, in the order they were added. */
    public List<BackendStats> stats() {
        long now = nanos();
        return members.stream().map(b -> b.stats(now)).toList();
    }

    public String name() {
        return name;
    }

    public Strategy strategy() {
        return strategy;
    }

    /** The strategy of calls with a key (the main one unless {@link Builder#affinity} set another). */
    public Strategy affinity() {
        return affinity;
    }

    /** Stops the health checks and removes every meter. */
    @Override
    public synchronized void dispose() {
        if (disposed) {
            return;
        }
        disposed = true;
        if (checker != null) {
            checker.dispose();
        }
        members.forEach(b -> b.meters.remove());
        registry.remove(unavailable);
    }

    @Override
    public boolean isDisposed() {
        return disposed;
    }

    private Backend<T> find(String id) {
        for (Backend<T> b : members) {
            if (b.id().equals(id)) {
                return b;
            }
        }
        return null;
    }

    private long nanos() {
        var t = clock.instant();
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    private static void requireWeight(int weight) {
        if (weight < 1 || weight > 1_000_000) {
            throw new IllegalArgumentException("balancer backend weight must be in [1, 1000000], was " + weight);
        }
    }

    private record Initial<T>(String id, T value, int weight) {
    }

    /** Settings with defaults; refuses nonsense with a message naming the setting. */
    public static final class Builder<T> {
        private String name = "default";
        private Strategy strategy;
        private Strategy affinity;
        private Clock clock = SchedulerClock.parallel();
        private Scheduler scheduler;
        private RandomGenerator random = () -> ThreadLocalRandom.current().nextLong();
        private MeterRegistry registry = new SimpleMeterRegistry();
        private Predicate<? super Throwable> isFailure = e -> true;
        private Predicate<? super Throwable> ejectAtOnce = e -> false;
        private OutlierDetection outliers = OutlierDetection.DEFAULTS;
        private HealthCheck<T> healthCheck;
        private boolean startHealthy = true;
        private Duration slowStart = Duration.ZERO;
        private Duration latencyDecay = Duration.ofSeconds(10);
        private final List<Initial<T>> initial = new ArrayList<>();
        private final Set<String> given = new HashSet<>();

        private Builder() {
        }

        /** The {@code balancer} tag of its meters (default {@code default}). */
        public Builder<T> name(String name) {
            once("name");
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("balancer.name must not be blank");
            }
            this.name = name;
            return this;
        }

        /** Default {@link Strategies#adaptive()}. */
        public Builder<T> strategy(Strategy strategy) {
            once("strategy");
            this.strategy = Objects.requireNonNull(strategy, "balancer.strategy");
            return this;
        }

        /**
         * The strategy for calls made with a key, e.g. {@link Strategies#consistentHash()} for sticky batch
         * streams while keyless calls use the main strategy (default: the main strategy, which ignores keys
         * unless it is the hash).
         */
        public Builder<T> affinity(Strategy affinity) {
            once("affinity");
            this.affinity = Objects.requireNonNull(affinity, "balancer.affinity");
            return this;
        }

        /** Default {@link SchedulerClock#parallel()} (virtual under {@code StepVerifier.withVirtualTime}). */
        public Builder<T> clock(Clock clock) {
            once("clock");
            this.clock = Objects.requireNonNull(clock, "balancer.clock");
            return this;
        }

        /** Where health checks run and time out (default {@link Schedulers#parallel()} at build time). */
        public Builder<T> scheduler(Scheduler scheduler) {
            once("scheduler");
            this.scheduler = Objects.requireNonNull(scheduler, "balancer.scheduler");
            return this;
        }

        /** Default: {@link ThreadLocalRandom} per calling thread; tests pass a seeded generator. */
        public Builder<T> random(RandomGenerator random) {
            once("random");
            this.random = Objects.requireNonNull(random, "balancer.random");
            return this;
        }

        public Builder<T> meterRegistry(MeterRegistry registry) {
            once("meter-registry");
            this.registry = Objects.requireNonNull(registry, "balancer.meterRegistry");
            return this;
        }

        /** Which errors count against a backend (default all); the others count as answers. */
        public Builder<T> failureIf(Predicate<? super Throwable> isFailure) {
            once("failure-if");
            this.isFailure = Objects.requireNonNull(isFailure, "balancer.failure-if");
            return this;
        }

        /**
         * Failures that eject their backend at once, without waiting for the outlier rules' count (default none):
         * a refused connection says the backend is gone, where the next calls would only fail the same way
         * (HAProxy's {@code observe layer4 error-limit 1}). Ejection limits still apply: outlier detection must be
         * on, and at most {@code maxEjectedFraction} of the backends are out at once.
         */
        public Builder<T> ejectAtOnceIf(Predicate<? super Throwable> ejectAtOnce) {
            once("eject-at-once-if");
            this.ejectAtOnce = Objects.requireNonNull(ejectAtOnce, "balancer.eject-at-once-if");
            return this;
        }

        /** Default {@link OutlierDetection#DEFAULTS}; {@link OutlierDetection#DISABLED} turns it off. */
        public Builder<T> outlierDetection(OutlierDetection outliers) {
            once("outlier");
            this.outliers = Objects.requireNonNull(outliers, "balancer.outlier");
            return this;
        }

        /** Active health checks (default none). */
        public Builder<T> healthCheck(HealthCheck<T> healthCheck) {
            once("health");
            this.healthCheck = Objects.requireNonNull(healthCheck, "balancer.health");
            return this;
        }

        /**
         * Whether a backend with active checks is picked before its first {@code rise} passes (default true,
         * as HAProxy assumes a server up until {@code fall} checks fail).
         */
        public Builder<T> startHealthy(boolean startHealthy) {
            once("start-healthy");
            this.startHealthy = startHealthy;
            return this;
        }

        /** Window over which a (re)joining backend's weight ramps from 10% to 100% (default zero: off). */
        public Builder<T> slowStart(Duration window) {
            once("slow-start");
            if (window == null || window.isNegative()) {
                throw new IllegalArgumentException("balancer.slow-start must not be negative, was " + window);
            }
            this.slowStart = window;
            return this;
        }

        /** The peak-EWMA decay time τ (default 10 s, Finagle's). */
        public Builder<T> latencyDecay(Duration decay) {
            once("latency-decay");
            if (decay == null || decay.toMillis() < 1) {
                throw new IllegalArgumentException("balancer.latency-decay must be at least 1 ms, was " + decay);
            }
            this.latencyDecay = decay;
            return this;
        }

        /** A backend with weight 1, present from the start (no slow start). */
        public Builder<T> backend(String id, T value) {
            return backend(id, value, 1);
        }

        /** A backend present from the start (no slow start). */
        public Builder<T> backend(String id, T value, int weight) {
            requireWeight(weight);
            Objects.requireNonNull(id, "balancer backend id");
            Objects.requireNonNull(value, "balancer backend value");
            if (initial.stream().anyMatch(i -> i.id().equals(id))) {
                throw new IllegalArgumentException("balancer backend '" + id + "' is given twice");
            }
            initial.add(new Initial<>(id, value, weight));
            return this;
        }

        /** Each setting once: a second call is a configuration mistake, refused here rather than silently won. */
        private void once(String key) {
            if (!given.add(key)) {
                throw new IllegalStateException("balancer." + key + " is already set");
            }
        }

        public LoadBalancer<T> build() {
            return new LoadBalancer<>(this);
        }
    }
}
