package io.smart402.core.phase.aeo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smart402.core.contract.Contract;
import java.util.List;

/** The schema.org JSON-LD block of spec §2.1 (AEO spec §2.1 and the Rust SDK's {@code generate_jsonld}). */
final class JsonLdBuilder {

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private JsonLdBuilder() {
    }

    static ObjectNode build(Contract contract, List<String> keyTerms) {
        ObjectNode ld = NODES.objectNode();
        ld.put("@context", "https://schema.org/");
        ld.put("@type", "SmartContract");
        ld.put("identifier", contract.id());
        String title = contract.metadata().title();
        ld.put("name", title != null ? title : ContentGenerator.agreementTitle(contract.type()));
        if (contract.description() != null) {
            ld.put("description", contract.description());
        }
        ld.put("version", contract.version());
        ld.put("contractType", contract.type());
        ld.put("category", contract.category());
        List<String> keywords = contract.metadata().keywords().isEmpty() ? keyTerms : contract.metadata().keywords();
        ArrayNode keywordArray = ld.putArray("keywords");
        keywords.forEach(keywordArray::add);
        String frequency = contract.payment() == null ? null : contract.payment().frequency();
        ObjectNode aeo = ld.putObject("aeoMetadata");
        aeo.put("primaryUseCase", contract.category());
        aeo.put("businessModel", frequency);
        aeo.put("automationLevel", "full");
        aeo.put("aiReadable", true);
        ObjectNode offer = ld.putObject("offers");
        offer.put("@type", "Offer");
        offer.put("price", ContentGenerator.amount(contract));
        String currency = contract.payment() == null ? null : contract.payment().currency();
        offer.put("priceCurrency", currency != null ? currency : "USD");
        return ld;
    }
}
