package io.smart402.core.resilience.limit;

import static org.assertj.core.api.Assertions.assertThat;

import io.smart402.core.resilience.priority.AdmissionRejectedException;
import io.smart402.core.resilience.priority.Priority;
import io.smart402.core.resilience.priority.PriorityGate;
import io.smart402.core.resilience.priority.PriorityOperator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * A simulated two-core server in virtual time: an item needs 10 ms of one of two CPU workers (a FIFO of two
 * permits behind the admission gate, as the phases' scheduler is), so capacity is 200 items per second whatever
 * the limit. Offered 1000 per second for 30 s, with a 500 ms bound on waiting for admission. A fixed limit of 64
 * lets 64 items into the CPU queue (about 320 ms each inside); an adaptive limit (starting at 4 = the default
 * 2 × cores) should find that more than a few items inside only adds latency: same goodput, the time inside cut,
 * the excess shed at the gate instead.
 */
class AdaptiveGateSimulationTest {

    private final VirtualTimeScheduler time = VirtualTimeScheduler.getOrSet();

    @AfterEach
    void reset() {
        VirtualTimeScheduler.reset();
    }

    /**
     * Counted after a 10 s warm-up: items served, shed, p99 of the time inside (admission to done), and the median
     * of the limit sampled every 100 ms (Vegas's limit jumps on each re-probe, so its value at one instant says
     * little: a CI run once ended on a probe at 33).
     */
    private record Outcome(long served, long shed, long insideP99Millis, int medianLimit) {
    }

    private Outcome run(ConcurrencyLimit limit) {
        PriorityGate gate = PriorityGate.builder().limit(limit).maxWait(Duration.ofMillis(500)).build();
        PriorityGate cpu = PriorityGate.builder().permits(2).maxWaiting(Integer.MAX_VALUE).build();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicLong shed = new AtomicLong();
        long warm = time.now(TimeUnit.MILLISECONDS) + 10_000;
        List<Integer> limits = new ArrayList<>();
        Flux.interval(Duration.ofSeconds(10), Duration.ofMillis(100)).take(Duration.ofSeconds(30))
                .subscribe(i -> limits.add(limit.current()));
        Flux.interval(Duration.ofMillis(1)).take(Duration.ofSeconds(30))
                .flatMap(i -> {
                    long arrived = time.now(TimeUnit.MILLISECONDS);
                    long[] admitted = new long[1];
                    return Mono.defer(() -> {
                                admitted[0] = time.now(TimeUnit.MILLISECONDS);
                                return Mono.delay(Duration.ofMillis(10)).transform(PriorityOperator.of(cpu, Priority.NORMAL));
                            })
                            .transform(PriorityOperator.of(gate, Priority.NORMAL))
                            .doOnNext(x -> {
                                if (arrived >= warm) {
                                    latencies.add(time.now(TimeUnit.MILLISECONDS) - admitted[0]);
                                }
                            })
                            .onErrorResume(AdmissionRejectedException.class, e -> {
                                if (arrived >= warm) {
                                    shed.incrementAndGet();
                                }
                                return Mono.empty();
                            });
                }, Integer.MAX_VALUE)
                .subscribe();
        time.advanceTimeBy(Duration.ofSeconds(35));
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        long p99 = sorted.isEmpty() ? 0 : sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1);
        Collections.sort(limits);
        return new Outcome(sorted.size(), shed.get(), p99, limits.get(limits.size() / 2));
    }

    @Test
    void adaptiveLimitKeepsGoodputAndCutsLatencyUnderOverload() {
        Outcome fixed = run(ConcurrencyLimit.fixed(64));
        Outcome gradient = run(ConcurrencyLimit.adaptive(4, 1, 64));
        // Vegas's figures vary from run to run (see below): judged on the run with the median p99 of three.
        List<Outcome> vegasRuns = new ArrayList<>(List.of(run(ConcurrencyLimit.vegas(4, 1, 64)),
                run(ConcurrencyLimit.vegas(4, 1, 64)), run(ConcurrencyLimit.vegas(4, 1, 64))));
        vegasRuns.sort(Comparator.comparingLong(Outcome::insideP99Millis));
        Outcome vegas = vegasRuns.get(1);
        // Measured in virtual time: fixed 4000 served, p99 inside 320 ms, limit 64 (exact); gradient 4023, 300 ms,
        // median limit 30 (exact); Vegas 3936 to 4023 served, 221 to 230 ms, median limit 10 to 14 over 100 runs
        // (VegasLimit jitters its re-probe of the no-load RTT with ThreadLocalRandom, so its figures vary from run
        // to run, and its limit at one instant anywhere from 7 to 33). The gradient's long-term RTT drifts up to a
        // latency that stays high (it takes it for the new normal), so it trims little here; Vegas keeps the
        // smallest RTT it saw as its baseline and settles near the cores' count: the better default for the
        // CPU-bound phases.
        assertThat(fixed).isEqualTo(new Outcome(4000, 16000, 320, 64));
        assertThat(gradient.served()).isGreaterThanOrEqualTo(fixed.served());
        assertThat(gradient.medianLimit()).isLessThan(64);
        assertThat(vegas.served()).isGreaterThanOrEqualTo(fixed.served() * 95 / 100);
        assertThat(vegas.insideP99Millis()).isLessThan(fixed.insideP99Millis() * 3 / 4);
        assertThat(vegas.medianLimit()).isLessThanOrEqualTo(32);
    }
}
