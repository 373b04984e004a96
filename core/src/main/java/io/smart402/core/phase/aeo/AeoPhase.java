package io.smart402.core.phase.aeo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smart402.core.contract.Contract;
import io.smart402.core.contract.Metadata;
import io.smart402.core.phase.Phase;
import io.smart402.core.phase.PhaseName;
import io.smart402.core.phase.PhaseResult;
import io.smart402.core.phase.PhaseResults;
import java.util.Objects;

/** The AEO phase (spec §2.1): answer-engine score, generated content, embedding and JSON-LD of a contract. */
public final class AeoPhase implements Phase {

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    @Override
    public PhaseName name() {
        return PhaseName.AEO;
    }

    @Override
    public PhaseResult apply(Contract contract, PhaseResults earlier) {
        Objects.requireNonNull(contract, "contract");
        Metadata metadata = contract.metadata();
        AeoScore score = new AeoScore(
                SemanticRelevance.of(AeoText.tokens(contract)),
                MetadataSignals.citationFrequency(metadata),
                MetadataSignals.freshness(metadata),
                MetadataSignals.authority(metadata),
                MetadataSignals.crossPlatform(metadata));
        ContentGenerator.Generated content = ContentGenerator.generate(contract);

        ObjectNode aeo = NODES.objectNode();
        aeo.put("score", score.score());
        score.writeDimensions(aeo.putObject("dimensions"));
        AeoScore.writeWeights(aeo.putObject("weights"));
        aeo.put("title", content.title());
        aeo.put("optimizedContent", content.content());
        ArrayNode keyTerms = aeo.putArray("keyTerms");
        content.keyTerms().forEach(keyTerms::add);
        ArrayNode tags = aeo.putArray("tags");
        content.tags().forEach(tags::add);
        aeo.put("visibilityScore", Visibility.of(content.content()));
        ArrayNode embedding = aeo.putArray("embedding");
        for (double value : Embedding.of(contract)) {
            embedding.add(value);
        }
        aeo.set("jsonLd", JsonLdBuilder.build(contract, content.keyTerms()));
        return new PhaseResult(PhaseName.AEO, score.score(), aeo);
    }
}
