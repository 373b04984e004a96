package io.smart402.server.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smart402.core.cache.PhaseResultCache;
import io.smart402.core.contract.Contract;
import io.smart402.core.contract.ContractCodec;
import io.smart402.core.contract.ContractLimits;
import io.smart402.core.contract.ContractReader;
import io.smart402.core.phase.Phase;
import io.smart402.core.phase.PhaseName;
import io.smart402.core.phase.PhaseResult;
import io.smart402.core.phase.PhaseResults;
import io.smart402.core.phase.Phases;
import io.smart402.core.pipeline.ContractPipeline;
import io.smart402.core.store.HybridLogicalClock;
import io.smart402.server.TestServer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The phase-result cache as the service uses it: the same content again is answered from the cache's bytes
 * without running the phases, and those bytes are the ones the first submission stored and answered.
 */
class ContractServicePhaseResultsTest {

    private final Scheduler cpu = Schedulers.newParallel("test-cpu", 2);

    @AfterEach
    void tearDown() {
        cpu.dispose();
    }

    /** The standard phases, with the first one counting its runs. */
    private static List<Phase> countedPhases(AtomicInteger runs) {
        List<Phase> phases = new ArrayList<>(Phases.standard());
        Phase first = phases.get(0);
        phases.set(0, new Phase() {
            @Override
            public PhaseName name() {
                return first.name();
            }

            @Override
            public PhaseResult apply(Contract contract, PhaseResults earlier) {
                runs.incrementAndGet();
                return first.apply(contract, earlier);
            }
        });
        return phases;
    }

    @Test
    void theSameContentAgainSkipsThePhasesAndGetsTheBytesTheFirstSubmissionStored() {
        AtomicInteger runs = new AtomicInteger();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        PhaseResultCache phaseResults = new PhaseResultCache(16, registry);
        ContractPipeline pipeline = ContractPipeline.builder().phases(countedPhases(runs)).scheduler(cpu).build();
        ContractService service = new ContractService(new ContractCodec(ContractLimits.DEFAULTS),
                new ContractReader(ContractLimits.DEFAULTS), pipeline, TestServer.get().store(),
                GuardedWrites.plain(TestServer.get().store(), registry), null, null, phaseResults,
                new HybridLogicalClock(Clock.systemUTC()), registry);
        String id = "phase-results-" + UUID.randomUUID();
        byte[] body = ("{\"id\":\"" + id + "\",\"type\":\"payment\",\"amount\":4200,"
                + "\"parties\":[\"party_a\",\"party_b\"],\"description\":\"same content twice\"}")
                .getBytes(StandardCharsets.UTF_8);

        Outcome first = service.submit(body).block(Duration.ofSeconds(30));
        Outcome second = service.submit(body).block(Duration.ofSeconds(30));

        assertThat(first).isInstanceOf(Outcome.Stored.class);
        assertThat(second).isInstanceOf(Outcome.Stored.class);
        assertThat(runs).hasValue(1);
        assertThat(phaseResults.misses()).isEqualTo(1);
        assertThat(phaseResults.hits()).isEqualTo(1);
        // One serialization: the cache's bytes are the very array the first submission stored and answered.
        assertThat(((Outcome.Stored) second).document()).isSameAs(((Outcome.Stored) first).document());
        // Both are stored writes: the second one got its own, newer version.
        assertThat(((Outcome.Stored) second).ack().version()).isGreaterThan(((Outcome.Stored) first).ack().version());
    }
}
