package io.smart402.core.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smart402.core.contract.Contract;
import io.smart402.core.phase.PhaseFixtures;
import io.smart402.core.phase.Phases;
import io.smart402.core.pipeline.ContractPipeline;
import io.smart402.core.pipeline.ProcessingResult;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;

class PhaseResultCacheTest {

    private final PhaseResultCache cache = new PhaseResultCache(ContractPipeline.builder().phases(Phases.standard())
            .scheduler(Schedulers.immediate()).concurrency(1).build(), 16, new SimpleMeterRegistry());

    private ObjectNode document(Contract contract) {
        return ((ProcessingResult.Processed) cache.process(contract).block()).document();
    }

    @Test
    void aMissKeepsTheDocumentItProducedAndEveryHitGetsItsOwnCopy() {
        Contract contract = PhaseFixtures.example("a");
        ObjectNode produced = document(contract);
        ObjectNode snapshot = produced.deepCopy();
        assertThat(cache.misses()).isEqualTo(1);

        ObjectNode hit = document(contract);
        assertThat(cache.hits()).isEqualTo(1);
        assertThat(hit).isEqualTo(snapshot).isNotSameAs(produced);

        // A hit's copy is the caller's: editing it does not reach the cache or the next hit.
        hit.put("edited", true);
        hit.withObject("/aeo").removeAll();
        assertThat(document(contract)).isEqualTo(snapshot);
        assertThat(cache.size()).isEqualTo(1);
    }
}
