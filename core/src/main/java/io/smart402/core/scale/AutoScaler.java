package io.smart402.core.scale;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Decides how many instances to run, every {@code interval}, from one or more {@link ScalingPolicy}s, the way
 * Kubernetes' HPA does (its v2 {@code behavior} semantics), and hands the decision to a {@link ScaleActuator}.
 *
 * <p>One evaluation: read every metric (a read that fails or takes longer than the interval counts as no
 * value); each policy proposes a count, its prediction may raise it; the largest proposal wins. Then, in
 * order: <b>stabilization</b> (scale up to no more than the smallest, and down to no less than the largest,
 * proposal of the respective window: defaults 0 s up, 300 s down, so a spike scales up at once and a dip does
 * not scale down); <b>rate limits</b> on change per period ({@link ChangeLimit}); <b>min/max</b>;
 * <b>cooldown</b> (no change within {@code cooldown} of the last one, unless outside min/max). Every decision
 * is kept ({@link #recentDecisions()}), exported as meters, and logged (INFO when it changes the count).
 *
 * <p>Time is the scheduler's: with a virtual-time scheduler every rule is exact and testable.
 */
public final class AutoScaler {

    private static final Logger LOG = LoggerFactory.getLogger(AutoScaler.class);

    private final String name;
    private final List<ScalingPolicy> policies;
    private final List<HoltForecast> forecasts;
    private final ScaleActuator actuator;
    private final int min;
    private final int max;
    private final Duration interval;
    private final Duration upWindow;
    private final Duration downWindow;
    private final ChangeLimit upLimit;
    private final ChangeLimit downLimit;
    private final Duration cooldown;
    private final Scheduler scheduler;
    private final int keepDecisions;
    private final AutoScalerMeters meters;

    /**
     * Proposals (after the largest-wins step) of the longest stabilization window: (nanos, count, 1 if it
     * counts for the up window). The first evaluation adds the count it found as a down-only entry, as HPA
     * does, so a scaler that just started does not scale down before a full window of evidence.
     */
    private final Deque<long[]> recommendations = new ArrayDeque<>();
    /** Changes made within the longest rate-limit period: (nanos, delta). */
    private final Deque<long[]> changes = new ArrayDeque<>();
    private final Deque<ScaleDecision> decisions = new ArrayDeque<>();
    private long lastChangeNanos = Long.MIN_VALUE;
    private boolean seeded;
    private volatile ScaleDecision last;

    private AutoScaler(Builder b) {
        this.name = b.name;
        this.policies = List.copyOf(b.policies);
        this.forecasts = new ArrayList<>();
        for (ScalingPolicy p : policies) {
            Prediction pr = p.prediction();
            forecasts.add(pr == null ? null : new HoltForecast(pr.alpha(), pr.beta()));
        }
        this.actuator = b.actuator;
        this.min = b.min;
        this.max = b.max;
        this.interval = b.interval;
        this.upWindow = b.upWindow;
        this.downWindow = b.downWindow;
        this.upLimit = b.upLimit;
        this.downLimit = b.downLimit;
        this.cooldown = b.cooldown;
        this.scheduler = b.scheduler;
        this.keepDecisions = b.keepDecisions;
        this.meters = new AutoScalerMeters(b.registry, name, policies, this);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Evaluates every {@code interval} (the first after one interval) until the returned handle is disposed;
     * evaluations never overlap.
     */
    public Disposable start() {
        return Flux.interval(interval, interval, scheduler)
                .onBackpressureDrop()
                .concatMap(tick -> evaluate().onErrorResume(e -> {
                    LOG.warn("auto scaler {}: evaluation failed", name, e);
                    return Mono.empty();
                }), 1)
                .subscribe();
    }

    /** One evaluation now: reads the metrics, decides, acts; emits the decision. Not to be run concurrently. */
    public Mono<ScaleDecision> evaluate() {
        return Flux.fromIterable(policies)
                .concatMap(p -> p.source().read()
                        .timeout(interval, scheduler)
                        .map(v -> new double[] {v})
                        .onErrorResume(e -> {
                            LOG.debug("auto scaler {}: metric {} unreadable: {}", name, p.name(), e.toString());
                            return Mono.empty();
                        })
                        .defaultIfEmpty(new double[0]))
                .collectList()
                .map(this::decide)
                .flatMap(this::act);
    }

    private synchronized ScaleDecision decide(List<double[]> values) {
        long now = scheduler.now(TimeUnit.NANOSECONDS);
        int current = actuator.current();
        List<ScaleDecision.Reading> readings = new ArrayList<>(policies.size());
        int proposed = -1;
        for (int i = 0; i < policies.size(); i++) {
            ScalingPolicy policy = policies.get(i);
            if (values.get(i).length == 0) {
                readings.add(new ScaleDecision.Reading(policy.name(), null, null, null, null));
                continue;
            }
            double value = values.get(i)[0];
            int proposal = policy.rule().propose(current, value);
            Double forecast = null;
            Integer predicted = null;
            HoltForecast holt = forecasts.get(i);
            if (holt != null) {
                // The forecast follows the load (value × instances), not the per-instance value: adding
                // instances lowers the value, not the load, and must not read as a falling trend.
                int base = Math.max(1, current);
                holt.add(value * base);
                Prediction pr = policy.prediction();
                if (holt.samples() >= pr.minSamples()) {
                    double steps = (double) pr.leadTime().toNanos() / interval.toNanos();
                    forecast = Math.max(0, holt.forecast(steps)) / base;
                    predicted = policy.rule().propose(current, forecast);
                }
            }
            readings.add(new ScaleDecision.Reading(policy.name(), value, proposal, forecast, predicted));
            // Prediction may scale up early, never down early: it only ever raises the proposal.
            proposed = Math.max(proposed, predicted == null ? proposal : Math.max(proposal, predicted));
        }
        List<String> limitedBy = new ArrayList<>(3);
        if (proposed < 0) {
            return record(new ScaleDecision(instant(now), current, current, clamp(current, current, limitedBy),
                    readings, limitedBy));
        }
        int desired = stabilize(now, current, proposed, limitedBy);
        desired = rateLimit(now, current, desired, limitedBy);
        desired = clamp(current, desired, limitedBy);
        if (desired != current && current >= min && current <= max && lastChangeNanos != Long.MIN_VALUE
                && now - lastChangeNanos < cooldown.toNanos()) {
            desired = current;
            limitedBy.add("cooldown");
        }
        return record(new ScaleDecision(instant(now), current, proposed, desired, readings, limitedBy));
    }

    /** HPA's stabilization: up to the smallest proposal of the up window, down to the largest of the down one. */
    private int stabilize(long now, int current, int proposed, List<String> limitedBy) {
        if (recommendations.isEmpty() && !seeded) {
            recommendations.addLast(new long[] {now, current, 0});
            seeded = true;
        }
        recommendations.addLast(new long[] {now, proposed, 1});
        long keep = Math.max(upWindow.toNanos(), downWindow.toNanos());
        while (now - recommendations.peekFirst()[0] > keep) {
            recommendations.pollFirst();
        }
        long upMin = Long.MAX_VALUE;
        long downMax = Long.MIN_VALUE;
        for (long[] r : recommendations) {
            long age = now - r[0];
            if (age <= upWindow.toNanos() && r[2] == 1) {
                upMin = Math.min(upMin, r[1]);
            }
            if (age <= downWindow.toNanos()) {
                downMax = Math.max(downMax, r[1]);
            }
        }
        int stabilized = current;
        if (stabilized < upMin) {
            stabilized = (int) upMin;
        }
        if (stabilized > downMax) {
            stabilized = (int) downMax;
        }
        if (stabilized != proposed) {
            limitedBy.add("stabilization");
        }
        return stabilized;
    }

    /** HPA's rate limits, from the count at the start of each period (changes made within it undone). */
    private int rateLimit(long now, int current, int desired, List<String> limitedBy) {
        long keep = Math.max(upLimit.period().toNanos(), downLimit.period().toNanos());
        while (!changes.isEmpty() && now - changes.peekFirst()[0] >= keep) {
            changes.pollFirst();
        }
        if (desired > current) {
            int added = 0;
            for (long[] c : changes) {
                if (c[1] > 0 && now - c[0] < upLimit.period().toNanos()) {
                    added += (int) c[1];
                }
            }
            int limit = Math.max(current, upLimit.upTo(current - added));
            if (desired > limit) {
                limitedBy.add("rate-limit");
                return limit;
            }
        } else if (desired < current) {
            int removed = 0;
            for (long[] c : changes) {
                if (c[1] < 0 && now - c[0] < downLimit.period().toNanos()) {
                    removed -= (int) c[1];
                }
            }
            int limit = Math.min(current, downLimit.downTo(current + removed));
            if (desired < limit) {
                limitedBy.add("rate-limit");
                return limit;
            }
        }
        return desired;
    }

    private int clamp(int current, int desired, List<String> limitedBy) {
        if (desired < min) {
            limitedBy.add("min");
            return min;
        }
        if (desired > max) {
            limitedBy.add("max");
            return max;
        }
        return desired;
    }

    private ScaleDecision record(ScaleDecision decision) {
        decisions.addLast(decision);
        while (decisions.size() > keepDecisions) {
            decisions.pollFirst();
        }
        last = decision;
        return decision;
    }

    private Mono<ScaleDecision> act(ScaleDecision decision) {
        if (decision.direction() == ScaleDecision.Direction.NONE) {
            LOG.debug("auto scaler {}: hold {}", name, decision.reason());
            return Mono.just(decision);
        }
        LOG.info("auto scaler {}: scale {} {}", name, decision.direction().name().toLowerCase(java.util.Locale.ROOT),
                decision.reason());
        return actuator.scaleTo(decision.desired())
                .then(Mono.fromRunnable(() -> changed(decision)))
                .onErrorResume(e -> {
                    LOG.warn("auto scaler {}: actuator failed to scale to {}", name, decision.desired(), e);
                    return Mono.empty();
                })
                .thenReturn(decision);
    }

    private synchronized void changed(ScaleDecision decision) {
        long at = decision.at().getEpochSecond() * 1_000_000_000L + decision.at().getNano();
        changes.addLast(new long[] {at, decision.desired() - decision.current()});
        lastChangeNanos = at;
        meters.changed(decision.direction());
    }

    private static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    /** The last decision, or null before the first. */
    public ScaleDecision lastDecision() {
        return last;
    }

    /** The most recent decisions, oldest first (at most {@code keep-decisions}). */
    public synchronized List<ScaleDecision> recentDecisions() {
        return List.copyOf(decisions);
    }

    public String name() {
        return name;
    }

    public int minInstances() {
        return min;
    }

    public int maxInstances() {
        return max;
    }

    /** Instances the actuator reports now. */
    public int currentInstances() {
        return actuator.current();
    }

    /** Fails fast on nonsense, naming the setting. */
    public static final class Builder {
        private String name = "default";
        private final List<ScalingPolicy> policies = new ArrayList<>();
        private ScaleActuator actuator;
        private int min = 1;
        private int max = 10;
        private Duration interval = Duration.ofSeconds(5);
        private Duration upWindow = Duration.ZERO;
        private Duration downWindow = Duration.ofSeconds(300);
        private ChangeLimit upLimit = ChangeLimit.HPA_UP;
        private ChangeLimit downLimit = ChangeLimit.HPA_DOWN;
        private Duration cooldown = Duration.ZERO;
        private Scheduler scheduler = Schedulers.parallel();
        private int keepDecisions = 100;
        private MeterRegistry registry = new SimpleMeterRegistry();

        private Builder() {
        }

        /** The {@code scaler} tag of the meters and the name in logs. */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "autoscaler.name");
            return this;
        }

        /** A metric to follow; several may be added, the largest proposal wins. */
        public Builder policy(ScalingPolicy policy) {
            policies.add(Objects.requireNonNull(policy, "autoscaler.policy"));
            return this;
        }

        public Builder actuator(ScaleActuator actuator) {
            this.actuator = Objects.requireNonNull(actuator, "autoscaler.actuator");
            return this;
        }

        /** Fewest and most instances (defaults 1 and 10). */
        public Builder instances(int min, int max) {
            if (min < 0 || max < 1 || min > max) {
                throw new IllegalArgumentException("autoscaler.min-instances (" + min + ") and max-instances (" + max
                        + ") must satisfy 0 <= min <= max and max >= 1");
            }
            this.min = min;
            this.max = max;
            return this;
        }

        /** How often to evaluate (default 5 s); also the longest wait for a metric. */
        public Builder interval(Duration interval) {
            this.interval = positive("autoscaler.interval", interval);
            return this;
        }

        /** Stabilization windows (defaults as HPA: 0 s up, 300 s down). */
        public Builder stabilization(Duration up, Duration down) {
            this.upWindow = notNegative("autoscaler.scale-up.stabilization", up);
            this.downWindow = notNegative("autoscaler.scale-down.stabilization", down);
            return this;
        }

        /** Rate limits on change (defaults as HPA: +100 % or +4 per 15 s up, −100 % per 15 s down). */
        public Builder changeLimits(ChangeLimit up, ChangeLimit down) {
            this.upLimit = Objects.requireNonNull(up, "autoscaler.scale-up.limit");
            this.downLimit = Objects.requireNonNull(down, "autoscaler.scale-down.limit");
            return this;
        }

        /** No change within this long of the last one (default 0: stabilization and rate limits suffice). */
        public Builder cooldown(Duration cooldown) {
            this.cooldown = notNegative("autoscaler.cooldown", cooldown);
            return this;
        }

        /** Whose time and timer drive evaluations (default {@link Schedulers#parallel()}). */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "autoscaler.scheduler");
            return this;
        }

        /** Decisions kept for {@code /stats} (default 100). */
        public Builder keepDecisions(int keep) {
            if (keep < 1) {
                throw new IllegalArgumentException("autoscaler.keep-decisions must be at least 1, was " + keep);
            }
            this.keepDecisions = keep;
            return this;
        }

        public Builder meterRegistry(MeterRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "autoscaler.meterRegistry");
            return this;
        }

        public AutoScaler build() {
            if (policies.isEmpty()) {
                throw new IllegalStateException("autoscaler needs at least one policy");
            }
            if (actuator == null) {
                throw new IllegalStateException("autoscaler.actuator is required");
            }
            return new AutoScaler(this);
        }

        private static Duration positive(String key, Duration d) {
            if (Objects.requireNonNull(d, key).isNegative() || d.isZero()) {
                throw new IllegalArgumentException(key + " must be positive, was " + d);
            }
            return d;
        }

        private static Duration notNegative(String key, Duration d) {
            if (Objects.requireNonNull(d, key).isNegative()) {
                throw new IllegalArgumentException(key + " must not be negative, was " + d);
            }
            return d;
        }
    }
}
