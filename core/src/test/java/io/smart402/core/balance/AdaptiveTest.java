package io.smart402.core.balance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.scheduler.VirtualTimeScheduler;

/** The default strategy's details: Finagle's penalty for a backend that has not answered yet, and P2C's choice. */
class AdaptiveTest {

    private VirtualTimeScheduler time;

    @BeforeEach
    void virtualTime() {
        time = VirtualTimeScheduler.getOrSet();
    }

    @AfterEach
    void realTime() {
        VirtualTimeScheduler.reset();
    }

    /** One call answered after {@code latency}; the backend it went to. */
    private String answeredAfter(LoadBalancer<String> lb, Duration latency) {
        List<String> where = new ArrayList<>();
        lb.execute(id -> {
            where.add(id);
            return Mono.delay(latency).thenReturn(id);
        }).subscribe();
        time.advanceTimeBy(latency);
        return where.get(0);
    }

    @Test
    void aNewBackendGetsOneCallThenWaitsForItsAnswerBeforeMore() {
        LoadBalancer<String> lb = Balancers.of(Strategies.adaptive(), "a", "b");
        for (int i = 0; i < 10; i++) {
            answeredAfter(lb, Duration.ofMillis(20));
        }
        lb.add("c", "c");
        Sinks.One<String> firstAnswerOfC = Sinks.one();
        List<String> where = new ArrayList<>();
        // c has no estimate and nothing in flight: it costs 0 and wins its first comparison.
        lb.execute(id -> {
            where.add(id);
            return id.equals("c") ? firstAnswerOfC.asMono() : Mono.just(id);
        }).subscribe();
        assertThat(where).containsExactly("c");
        // While that call runs, c carries Finagle's penalty: nothing else goes there (these answer at once, in
        // zero virtual time, which leaves a's and b's estimates as they were).
        for (int i = 0; i < 50; i++) {
            assertThat(Balancers.pick(lb)).isNotEqualTo("c");
        }
        time.advanceTimeBy(Duration.ofMillis(5));
        firstAnswerOfC.tryEmitValue("c");
        // It answered faster than a and b: it now wins its comparisons.
        List<String> next = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            next.add(answeredAfter(lb, Duration.ofMillis(5)));
        }
        assertThat(next).contains("c");
    }

    @Test
    void powerOfTwoChoicesBetweenTwoBackendsAlwaysTakesTheLessLoaded() {
        LoadBalancer<String> lb = Balancers.of(Strategies.powerOfTwoChoices(Load.OUTSTANDING), "a", "b");
        Balancers.hold(lb, null);
        Balancers.hold(lb, null);
        Balancers.Held third = Balancers.hold(lb, null);
        // 3 held calls: 2 on one backend, 1 on the other; the fourth goes to the one with 1.
        String lighter = Balancers.outstanding(lb, "a") == 1 ? "a" : "b";
        assertThat(Balancers.hold(lb, null).backend()).isEqualTo(lighter);
        third.call().dispose();
        assertThat(Balancers.outstanding(lb, "a") + Balancers.outstanding(lb, "b")).isEqualTo(3);
    }
}
