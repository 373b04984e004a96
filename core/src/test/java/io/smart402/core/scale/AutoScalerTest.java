package io.smart402.core.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Statistic;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * Every rule of the scaler in virtual time, on a simulated fleet: the offered load is a function of time,
 * each instance sees {@code load / instances} (the per-instance metric a target of 100 tracks), and the
 * fleet records each change with the second it happened.
 */
class AutoScalerTest {

    private final VirtualTimeScheduler time = VirtualTimeScheduler.create();
    private final MeterRegistry registry = new SimpleMeterRegistry();
    private Disposable running;

    @AfterEach
    void stop() {
        if (running != null) {
            running.dispose();
        }
        time.dispose();
    }

    /** A fleet the scaler acts on: a count and the log of its changes as (second, from, to). */
    static final class SimulatedFleet implements ScaleActuator {
        private final VirtualTimeScheduler time;
        private final AtomicInteger instances;
        final List<String> changes = new ArrayList<>();

        SimulatedFleet(VirtualTimeScheduler time, int initial) {
            this.time = time;
            this.instances = new AtomicInteger(initial);
        }

        @Override
        public int current() {
            return instances.get();
        }

        @Override
        public Mono<Void> scaleTo(int desired) {
            return Mono.fromRunnable(() -> changes.add(
                    seconds(time) + "s:" + instances.getAndSet(desired) + "->" + desired));
        }
    }

    private static long seconds(VirtualTimeScheduler time) {
        return time.now(TimeUnit.SECONDS);
    }

    /** The per-instance load on {@code fleet} when the offered load at second t is {@code load(t)}. */
    private MetricSource perInstance(SimulatedFleet fleet, DoubleUnaryOperator load) {
        return MetricSources.supplier("load", () -> load.applyAsDouble(seconds(time)) / fleet.current());
    }

    private SimulatedFleet run(int initial, DoubleUnaryOperator load, Duration duration,
                               UnaryOperator<AutoScaler.Builder> settings) {
        return runPolicy(initial, fleet -> ScalingPolicy.of(perInstance(fleet, load), new ScalingRule.TargetTracking(100)),
                duration, settings);
    }

    /** Runs a scaler over a new fleet for {@code duration} of virtual time; interval 5 s, 1–10 instances. */
    private SimulatedFleet runPolicy(int initial, Function<SimulatedFleet, ScalingPolicy> policy, Duration duration,
                               UnaryOperator<AutoScaler.Builder> settings) {
        SimulatedFleet fleet = new SimulatedFleet(time, initial);
        AutoScaler scaler = settings.apply(AutoScaler.builder().scheduler(time).meterRegistry(new SimpleMeterRegistry())
                .actuator(fleet).instances(1, 10).interval(Duration.ofSeconds(5)).policy(policy.apply(fleet)))
                .build();
        running = scaler.start();
        time.advanceTimeBy(duration);
        lastScaler = scaler;
        return fleet;
    }

    private AutoScaler lastScaler;

    private static DoubleUnaryOperator step(double before, double after, long atSecond) {
        return t -> t < atSecond ? before : after;
    }

    @Test
    void targetTrackingIsHpaArithmeticWithTolerance() {
        ScalingRule.TargetTracking rule = new ScalingRule.TargetTracking(100);
        assertThat(rule.propose(3, 100)).isEqualTo(3);
        assertThat(rule.propose(3, 109.9)).isEqualTo(3);   // within tolerance 0.1
        assertThat(rule.propose(3, 111)).isEqualTo(4);     // ceil(3 × 1.11) = 4
        assertThat(rule.propose(3, 91)).isEqualTo(3);      // within tolerance
        assertThat(rule.propose(3, 70)).isEqualTo(3);      // ceil(2.1) = 3
        assertThat(rule.propose(3, 60)).isEqualTo(2);      // ceil(1.8) = 2
        assertThat(rule.propose(4, 250)).isEqualTo(10);
        assertThat(new ScalingRule.TargetTracking(0.7, 0).propose(3, 0.7 * 1.0000000001)).isEqualTo(3);
    }

    @Test
    void stepThresholdsAddAndRemoveOneStep() {
        ScalingRule.StepThresholds rule = new ScalingRule.StepThresholds(0.8, 0.3, 2);
        assertThat(rule.propose(3, 0.81)).isEqualTo(5);
        assertThat(rule.propose(3, 0.5)).isEqualTo(3);
        assertThat(rule.propose(3, 0.29)).isEqualTo(1);
        assertThatThrownBy(() -> new ScalingRule.StepThresholds(0.3, 0.8, 1))
                .hasMessageContaining("scale-down-threshold (0.8) must be below scale-up-threshold (0.3)");
    }

    @Test
    void aStepScalesUpAtTheFirstEvaluationAfterIt() {
        // 100 → 450 at 62 s: the tick at 65 s sees 450 per instance and asks for ceil(4.5) = 5 (within +4).
        SimulatedFleet fleet = run(1, step(100, 450, 62), Duration.ofSeconds(600), b -> b);
        assertThat(fleet.changes).containsExactly("65s:1->5");
        assertThat(lastScaler.lastDecision().readings().get(0).value()).isEqualTo(90.0);
    }

    @Test
    void rateLimitSpreadsALargeStepOverPeriods() {
        // 100 → 1000: wants 10 at once, HPA's up limit allows max(+100 %, +4) of the count 15 s before.
        SimulatedFleet fleet = run(1, step(100, 1000, 62), Duration.ofSeconds(120), b -> b);
        assertThat(fleet.changes).containsExactly("65s:1->5", "80s:5->10");
        ScaleDecision held = lastScaler.recentDecisions().stream()
                .filter(d -> d.at().getEpochSecond() == 65).findFirst().orElseThrow();
        assertThat(held.proposed()).isEqualTo(10);
        assertThat(held.desired()).isEqualTo(5);
        assertThat(held.limitedBy()).containsExactly("rate-limit");
    }

    @Test
    void aRampIsFollowedStepByStep() {
        // Load grows 5 per second from 100 at t=0: each instance's share passes 110 (the tolerance) in turn.
        SimulatedFleet fleet = run(1, t -> 100 + 5 * t, Duration.ofSeconds(120), b -> b);
        // t=5: 125 → 2; t=25: 225/2 = 112.5 → 3; t=45: 325/3 = 108 (hold), t=50: 350/3 = 116.7 → 4; …
        assertThat(fleet.changes).startsWith("5s:1->2", "25s:2->3", "50s:3->4", "70s:4->5");
    }

    @Test
    void predictionScalesARampUpEarlierButNeverScalesDownEarly() {
        // Flat at 100 for 100 s, then +10 per second up to 600 (which needs 6 instances).
        DoubleUnaryOperator ramp = t -> t < 100 ? 100 : Math.min(100 + 10 * (t - 100), 600);
        SimulatedFleet reactive = run(1, ramp, Duration.ofSeconds(1000), b -> b);
        running.dispose();
        long start = seconds(time);
        Prediction holt = new Prediction(0.5, 0.5, Duration.ofSeconds(30), 3);
        SimulatedFleet predictive = runPolicy(1, fleet -> ScalingPolicy.of(MetricSources.supplier("load",
                        () -> ramp.applyAsDouble(seconds(time) - start) / fleet.current()),
                new ScalingRule.TargetTracking(100)).predictive(holt), Duration.ofSeconds(1000), b -> b);
        assertThat(reactive.changes).containsExactly("105s:1->2", "115s:2->3", "125s:3->4", "135s:4->5",
                "145s:5->6");
        // With a 30 s lead the forecast reaches 6 instances at 120 s instead of 145 s. It overshoots while it
        // still sees the ramp going on (up to 10 at 150 s), and the overshoot is only undone through the 300 s
        // down window of each higher proposal: prediction never brings a scale-down forward.
        assertThat(relative(predictive.changes, start)).containsExactly("105s:1->2", "110s:2->4", "115s:4->5",
                "120s:5->6", "125s:6->7", "135s:7->8", "150s:8->10", "455s:10->9", "460s:9->8", "465s:8->7",
                "780s:7->6");
    }

    private static List<String> relative(List<String> changes, long start) {
        return changes.stream().map(c -> (firstSecond(c) - start) + c.substring(c.indexOf('s'))).toList();
    }

    private static long firstSecond(String change) {
        return Long.parseLong(change.substring(0, change.indexOf('s')));
    }

    @Test
    void spikeShorterThanTheDownWindowScalesUpOnceAndDownOnlyAfterTheWindow() {
        // 500 from 60 s to 90 s: up at 60 s (up window 0), the last high proposal is at 90 s (500/5 = 100 → 5),
        // so the down window of 300 s holds 5 until 390 s; at 395 s the largest proposal in it is 1.
        DoubleUnaryOperator spike = t -> t >= 60 && t <= 90 ? 500 : 100;
        SimulatedFleet fleet = run(1, spike, Duration.ofSeconds(900), b -> b);
        assertThat(fleet.changes).containsExactly("60s:1->5", "395s:5->1");
    }

    @Test
    void spikeShorterThanTheUpWindowDoesNotScaleUp() {
        DoubleUnaryOperator spike = t -> t >= 60 && t <= 80 ? 500 : 100;
        SimulatedFleet fleet = run(1, spike, Duration.ofSeconds(900),
                b -> b.stabilization(Duration.ofSeconds(30), Duration.ofSeconds(300)).keepDecisions(1000));
        assertThat(fleet.changes).isEmpty();
        assertThat(lastScaler.recentDecisions()).anyMatch(d -> d.proposed() == 5
                && d.limitedBy().contains("stabilization"));
    }

    @Test
    void noisyPlateauDoesNotFlap() {
        // 300 ± 25 % of noise on 3 instances for an hour: single readings ask for 2, 3 or 4. The first high
        // reading scales to 4; after that the down window always holds a 4 (±25 % on 75 per instance reaches 94,
        // proposals of 4 keep coming), so nothing goes down: one event in an hour, no flapping.
        SplittableRandom random = new SplittableRandom(42);
        SimulatedFleet fleet = run(3, t -> 300 * (0.75 + 0.5 * random.nextDouble()), Duration.ofHours(1), b -> b);
        assertThat(fleet.changes).hasSizeLessThanOrEqualTo(1);
        assertThat(fleet.changes).allMatch(c -> c.endsWith("3->4"));
    }

    @Test
    void plateauWithinToleranceNeverMoves() {
        SplittableRandom random = new SplittableRandom(7);
        SimulatedFleet fleet = run(3, t -> 300 * (0.92 + 0.16 * random.nextDouble()), Duration.ofHours(1), b -> b);
        assertThat(fleet.changes).isEmpty();
        assertThat(lastScaler.recentDecisions()).hasSize(100).allMatch(d -> d.desired() == 3);
    }

    @Test
    void minBoundsScaleDown() {
        // The idle fleet goes down to min only, once the count found at the first evaluation (5 s) has left
        // the 300 s window; "min" names the rule that capped it.
        SimulatedFleet idle = run(5, t -> 1, Duration.ofSeconds(400), b -> b.instances(2, 6));
        assertThat(idle.changes).containsExactly("310s:5->2");
        assertThat(lastScaler.recentDecisions().stream().filter(d -> d.at().getEpochSecond() == 310))
                .singleElement().satisfies(d -> assertThat(d.limitedBy()).containsExactly("min"));
    }

    @Test
    void maxBoundsScaleUp() {
        SimulatedFleet busy = run(1, t -> 5000, Duration.ofSeconds(60), b -> b.instances(1, 4));
        assertThat(busy.changes).containsExactly("5s:1->4");
        assertThat(lastScaler.recentDecisions().get(0).limitedBy()).containsExactly("rate-limit", "max");
        assertThat(lastScaler.lastDecision().limitedBy()).endsWith("max");
    }

    @Test
    void belowMinIsRaisedAtTheFirstEvaluation() {
        SimulatedFleet fleet = run(0, t -> 0, Duration.ofSeconds(10), b -> b.instances(2, 4));
        assertThat(fleet.changes).containsExactly("5s:0->2");
    }

    @Test
    void cooldownHoldsTheNextChange() {
        // Two steps 30 s apart; a 60 s cooldown holds the second until 60 s after the first change.
        DoubleUnaryOperator twoSteps = t -> t < 20 ? 100 : t < 50 ? 200 : 400;
        SimulatedFleet fleet = run(1, twoSteps, Duration.ofSeconds(120), b -> b.cooldown(Duration.ofSeconds(60)));
        assertThat(fleet.changes).containsExactly("20s:1->2", "80s:2->4");
        assertThat(lastScaler.recentDecisions()).anyMatch(d -> d.at().getEpochSecond() == 50
                && d.proposed() == 4 && d.desired() == 2 && d.limitedBy().equals(List.of("cooldown")));
    }

    @Test
    void theLargestProposalOfSeveralMetricsWins() {
        SimulatedFleet fleet = new SimulatedFleet(time, 2);
        AutoScaler scaler = AutoScaler.builder().scheduler(time).actuator(fleet).instances(1, 10)
                .policy(ScalingPolicy.of(MetricSources.supplier("cpu", () -> 0.5), new ScalingRule.TargetTracking(0.5)))
                .policy(ScalingPolicy.of(MetricSources.supplier("queue", () -> 0.9),
                        new ScalingRule.StepThresholds(0.8, 0.2, 1)))
                .policy(ScalingPolicy.of(MetricSources.of("down", Mono.error(new IllegalStateException("gone"))),
                        new ScalingRule.TargetTracking(1)))
                .build();
        StepVerifier.create(scaler.evaluate())
                .assertNext(d -> {
                    assertThat(d.readings()).extracting(ScaleDecision.Reading::proposal).containsExactly(2, 3, null);
                    assertThat(d.proposed()).isEqualTo(3);
                    assertThat(d.desired()).isEqualTo(3);
                    assertThat(d.reason()).isEqualTo("2 -> 3 (proposed 3; cpu=0.500 wants 2; queue=0.900 wants 3;"
                            + " down=n/a)");
                })
                .verifyComplete();
        assertThat(fleet.changes).containsExactly("0s:2->3");
    }

    @Test
    void aMetricThatDoesNotAnswerWithinTheIntervalCountsAsNone() {
        SimulatedFleet fleet = new SimulatedFleet(time, 2);
        AutoScaler scaler = AutoScaler.builder().scheduler(time).actuator(fleet).instances(1, 10)
                .policy(ScalingPolicy.of(MetricSources.of("slow", Mono.<Double>never()),
                        new ScalingRule.TargetTracking(1)))
                .build();
        List<ScaleDecision> seen = new ArrayList<>();
        scaler.evaluate().subscribe(seen::add);
        time.advanceTimeBy(Duration.ofSeconds(4));
        assertThat(seen).isEmpty();
        time.advanceTimeBy(Duration.ofSeconds(1));
        assertThat(seen).singleElement().satisfies(d -> {
            assertThat(d.desired()).isEqualTo(2);
            assertThat(d.readings().get(0).value()).isNull();
        });
    }

    @Test
    void decisionsAreMeteredUnderTheSeedsNames() {
        SimulatedFleet fleet = run(1, spikeAt(60, 90, 500), Duration.ofSeconds(400),
                b -> b.name("serve").meterRegistry(registry));
        assertThat(fleet.changes).containsExactly("60s:1->5", "395s:5->1");
        assertThat(registry.get("smart402.autoscaler.scale.up.events").tag("scaler", "serve").counter().count())
                .isEqualTo(1);
        assertThat(registry.get("smart402.autoscaler.scale.down.events").counter().count()).isEqualTo(1);
        assertThat(registry.get("smart402.autoscaler.desired.instances").gauge().value()).isEqualTo(1);
        assertThat(registry.get("smart402.autoscaler.current.instances").gauge().value()).isEqualTo(1);
        assertThat(registry.get("smart402.autoscaler.metric").tag("metric", "load").gauge().value()).isEqualTo(100);
        assertThat(registry.get("smart402.autoscaler.proposed.instances").tag("metric", "load").gauge().value())
                .isEqualTo(1);
    }

    private static DoubleUnaryOperator spikeAt(long from, long to, double high) {
        return t -> t >= from && t <= to ? high : 100;
    }

    @Test
    void micrometerSourceSumsTheMatchingMeters() {
        MeterRegistry app = new SimpleMeterRegistry();
        AtomicInteger a = app.gauge("work.in.flight", List.of(io.micrometer.core.instrument.Tag.of("pool", "a")),
                new AtomicInteger(3));
        AtomicInteger b = app.gauge("work.in.flight", List.of(io.micrometer.core.instrument.Tag.of("pool", "b")),
                new AtomicInteger(4));
        StepVerifier.create(MetricSources.micrometer(app, "work.in.flight", Statistic.VALUE).read())
                .expectNext(7.0).verifyComplete();
        StepVerifier.create(MetricSources.micrometer(app, "work.in.flight", Statistic.VALUE, "pool", "a").read())
                .expectNext(3.0).verifyComplete();
        StepVerifier.create(MetricSources.micrometer(app, "absent", Statistic.VALUE).read()).verifyComplete();
        a.set(10);
        StepVerifier.create(MetricSources.micrometer(app, "work.in.flight", Statistic.VALUE).read())
                .expectNext(10.0 + b.get()).verifyComplete();
    }

    @Test
    void builderRefusesNonsenseNamingTheSetting() {
        assertThatThrownBy(() -> AutoScaler.builder().instances(3, 2))
                .hasMessageContaining("autoscaler.min-instances (3) and max-instances (2)");
        assertThatThrownBy(() -> AutoScaler.builder().interval(Duration.ZERO))
                .hasMessageContaining("autoscaler.interval must be positive");
        assertThatThrownBy(() -> AutoScaler.builder().actuator(ScaleActuator.exportOnly(() -> 1)).build())
                .hasMessageContaining("at least one policy");
        assertThatThrownBy(() -> new Prediction(0, 0.5, Duration.ofSeconds(1), 3))
                .hasMessageContaining("alpha");
    }
}
