package io.smart402.core.phase;

import static io.smart402.core.phase.ExampleContracts.fromJson;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.smart402.core.contract.Contract;
import io.smart402.core.phase.aeo.AeoPhase;
import io.smart402.core.phase.llmo.LlmoPhase;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/** AEO and LLMO on contracts away from the spec examples, and on the non-blocking scheduler the pipeline uses. */
class AeoLlmoEdgeCasesTest {

    private final AeoPhase aeo = new AeoPhase();
    private final LlmoPhase llmo = new LlmoPhase();

    @Test
    void zeroAmountCustomTypeHasNoMoneyInTitleOrSummary() {
        Contract contract = fromJson("""
                {"type":"data-sharing","parties":["alice","bob"],
                 "payment":{"amount":0,"currency":"USD","token":"USDC","frequency":"one-time"}}""");

        JsonNode a = aeo.apply(contract, PhaseResults.empty()).output();
        JsonNode l = llmo.apply(contract, PhaseResults.empty()).output();

        assertThat(a.get("title").textValue()).isEqualTo("Data-Sharing Agreement | data-sharing");
        assertThat(strings(a.get("keyTerms")))
                .containsExactly("data-sharing", "multi-party", "agreement", "bilateral");
        assertThat(a.get("optimizedContent").textValue()).contains("between alice and bob Related to: data-sharing.");
        assertThat(l.get("ucl").get("summary").get("plain_english").textValue())
                .isEqualTo("This data-sharing contract between alice and bob. "
                        + "Payment of 0 USDC is made one-time on polygon.");
        assertThat(l.get("layers").get("blockchain_compilable").get("contractName").textValue())
                .isEqualTo("CustomContract");
    }

    @Test
    void unicodeTextIsCountedInCodePoints() {
        Contract contract = fromJson("""
                {"type":"escrow","parties":["käufer@x.example","verkäufer@x.example"],
                 "description":"Zahlung für Waren 😀 ÄRGER","terms":"Der Käufer zahlt sofort. ",
                 "payment":{"amount":12.5,"currency":"EUR","token":"USDC","frequency":"one-time"}}""");

        JsonNode l = llmo.apply(contract, PhaseResults.empty()).output();

        assertThat(l.get("understanding").get("clauseCount").intValue()).isEqualTo(1);
        assertThat(l.get("semantic").get("wordCount").intValue()).isEqualTo(9);
        assertThat(l.get("encoding").get("frobeniusNorm").doubleValue()).isFinite().isPositive();
        assertThat(aeo.apply(contract, PhaseResults.empty()).score()).isBetween(0.0, 1.0);
    }

    @Test
    void phasesRunOnTheParallelSchedulerWithoutBlocking() {
        List<Double> scores = Flux.fromIterable(List.of("example-a", "example-b", "example-c", "legacy"))
                .map(ExampleContracts::example)
                .publishOn(Schedulers.parallel())
                .map(contract -> {
                    PhaseResult first = aeo.apply(contract, PhaseResults.empty());
                    return llmo.apply(contract, PhaseResults.empty().with(first)).score() + first.score();
                })
                .collectList()
                .block(Duration.ofSeconds(30));

        assertThat(scores).hasSize(4).allSatisfy(score -> assertThat(score).isBetween(0.0, 2.0));
    }

    private static List<String> strings(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::textValue).toList();
    }
}
