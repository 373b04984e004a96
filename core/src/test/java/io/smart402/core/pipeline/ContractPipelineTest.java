package io.smart402.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smart402.core.contract.Contract;
import io.smart402.core.contract.ContractCodec;
import io.smart402.core.contract.ContractLimits;
import io.smart402.core.contract.ContractReader;
import io.smart402.core.contract.ReadResult;
import io.smart402.core.phase.Phase;
import io.smart402.core.phase.PhaseException;
import io.smart402.core.phase.PhaseName;
import io.smart402.core.phase.PhaseResult;
import io.smart402.core.phase.PhaseResults;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

class ContractPipelineTest {

    /** A test phase: its score is the length of the contract id, and it fails for ids containing "bad". */
    private record IdPhase(PhaseName name) implements Phase {
        @Override
        public PhaseResult apply(Contract contract, PhaseResults earlier) {
            if (contract.id().contains("bad") && name == PhaseName.SCC) {
                throw new PhaseException(name, "SCC_VERIFICATION_FAILED", "refused " + contract.id());
            }
            ObjectNode out = JsonNodeFactory.instance.objectNode().put("seen", contract.id());
            out.put("earlier", earlier.asMap().size());
            return new PhaseResult(name, contract.id().length() / 100.0, out);
        }
    }

    private static final List<Phase> PHASES = List.of(new IdPhase(PhaseName.AEO), new IdPhase(PhaseName.LLMO),
            new IdPhase(PhaseName.SCC), new IdPhase(PhaseName.X402));

    private static Contract contract(String id) {
        String json = "{\"id\":\"" + id + "\",\"type\":\"payment\",\"amount\":10,\"parties\":[\"a\",\"b\"]}";
        ContractCodec codec = new ContractCodec(ContractLimits.DEFAULTS);
        ReadResult read = new ContractReader(ContractLimits.DEFAULTS).read(codec.read(json.getBytes(StandardCharsets.UTF_8)));
        return ((ReadResult.Accepted) read).contract();
    }

    private static ContractPipeline pipeline(int concurrency) {
        return ContractPipeline.builder().phases(PHASES).concurrency(concurrency).build();
    }

    @Test
    void processedDocumentCarriesEveryPhaseTraceAndFlags() {
        StepVerifier.create(pipeline(2).process(contract("c-1")))
                .assertNext(result -> {
                    assertThat(result).isInstanceOf(ProcessingResult.Processed.class);
                    ObjectNode doc = ((ProcessingResult.Processed) result).document();
                    assertThat(doc.get("status").textValue()).isEqualTo("processed");
                    assertThat(doc.get("canonicalType").textValue()).isEqualTo("one-time-payment");
                    assertThat(doc.get("x402").get("earlier").intValue()).isEqualTo(3);
                    assertThat(doc.get("scc_processed").booleanValue()).isTrue();
                    assertThat(doc.get("aeo_score").doubleValue()).isEqualTo(0.03);
                    assertThat(doc.get("stateTrace").get("current_state").textValue()).isEqualTo("EXECUTION");
                    assertThat(doc.get("stateTrace").get("total_transitions").intValue()).isEqualTo(5);
                })
                .verifyComplete();
    }

    @Test
    void failingItemBecomesFailedResultAndStreamGoesOn() {
        Flux<Contract> input = Flux.just(contract("ok-1"), contract("bad-2"), contract("ok-3"));
        StepVerifier.create(pipeline(4).process(input, ContractPipeline.Order.INPUT))
                .assertNext(r -> assertThat(r).isInstanceOf(ProcessingResult.Processed.class))
                .assertNext(r -> {
                    ProcessingResult.Failed failed = (ProcessingResult.Failed) r;
                    assertThat(failed.phase()).isEqualTo("scc");
                    assertThat(failed.code()).isEqualTo("SCC_VERIFICATION_FAILED");
                    assertThat(failed.stateTrace().get("current_state").textValue()).isEqualTo("FAILED");
                })
                .assertNext(r -> assertThat(r.contract().id()).isEqualTo("ok-3"))
                .verifyComplete();
    }

    @Test
    void inputOrderIsKeptUnderConcurrency() {
        List<Contract> contracts = IntStream.range(0, 200).mapToObj(i -> contract("c-" + i)).toList();
        List<String> ids = pipeline(8).process(Flux.fromIterable(contracts), ContractPipeline.Order.INPUT)
                .map(r -> r.contract().id())
                .collectList().block();
        assertThat(ids).containsExactlyElementsOf(contracts.stream().map(Contract::id).toList());
    }

    @Test
    void concurrencyIsBounded() {
        // Many rounds: the count must never be seen above the bound, not even at the moment a finished
        // contract frees its slot for the next one (CI once saw 4 of 3 when the count dropped too late).
        ContractPipeline pipeline = pipeline(3);
        for (int round = 0; round < 80; round++) {
            AtomicInteger max = new AtomicInteger();
            List<Contract> contracts = IntStream.range(0, 100).mapToObj(i -> contract("c-" + i)).toList();
            pipeline.process(Flux.fromIterable(contracts).doOnNext(c -> max.accumulateAndGet(pipeline.inFlight(), Math::max)),
                            ContractPipeline.Order.COMPLETION)
                    .publishOn(Schedulers.single())
                    .blockLast();
            assertThat(max.get()).as("round %d", round).isLessThanOrEqualTo(3);
            assertThat(pipeline.inFlight()).as("round %d", round).isZero();
        }
    }
}
