package io.smart402.core.contract;

import static io.smart402.core.contract.Fixtures.accepted;
import static io.smart402.core.contract.Fixtures.example;
import static io.smart402.core.contract.Fixtures.minimal;
import static io.smart402.core.contract.Fixtures.warnings;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** Warnings never block (spec §3); each has its path and message, and they come in the spec's order. */
class ContractWarningsTest {

    private static ObjectNode metadata(ObjectNode c) {
        return (ObjectNode) c.get("metadata");
    }

    @Test
    void warnsAboutAMissingTitle() {
        ObjectNode c = example("example-a");
        metadata(c).remove("title");

        assertThat(accepted(c).warnings()).containsExactly(
                new Issue("W_TITLE_MISSING", "$.metadata.title", "title should be provided"));
    }

    @Test
    void warnsAboutAMissingSummaryOnlyWithoutAnyDescription() {
        ObjectNode c = example("example-a");
        c.remove("description");
        assertThat(accepted(c).warnings()).containsExactly(
                new Issue("W_SUMMARY_MISSING", "$.description", "plain_english summary should be provided"));

        metadata(c).put("description", "from metadata");
        assertThat(accepted(c).warnings()).isEmpty();
    }

    @Test
    void warnsAboutLongPaymentTermsInCaliforniaAndNewYork() {
        ObjectNode c = example("example-a");
        metadata(c).put("jurisdiction", "California");
        c.put("terms", "Invoices are payable Net-90 after delivery.");

        assertThat(accepted(c).warnings()).containsExactly(new Issue("W_PAYMENT_TERMS_LONG", "$.terms",
                "California recommends payment terms under 60 days"));

        metadata(c).put("jurisdiction", "New York");
        c.put("terms", "net 61");
        assertThat(warnings(c)).extracting(Issue::message).containsExactly("New York recommends payment terms under 60 days");

        for (String fine : new String[] {"NET60", "net 30 and net-45", "internet 90 plan", "90 days net"}) {
            c.put("terms", fine);
            assertThat(warnings(c)).as(fine).isEmpty();
        }
        c.put("terms", "payment NET120");
        metadata(c).put("jurisdiction", "Delaware");
        assertThat(warnings(c)).isEmpty();
    }

    @Test
    void warnsAboutFewerThanFiveKeywords() {
        ObjectNode c = example("example-a");
        metadata(c).putArray("keywords").add("saas").add("sla");

        assertThat(accepted(c).warnings()).containsExactly(new Issue("W_KEYWORDS_FEW", "$.metadata.keywords",
                "at least 5 keywords should be provided (found 2)"));
    }

    @Test
    void warnsAboutATypeOutsideTheRegistry() {
        ObjectNode c = example("example-a");
        c.put("type", "data-licensing");

        Contract contract = accepted(c);
        assertThat(contract.canonicalType()).isEqualTo("custom");
        assertThat(contract.warnings()).containsExactly(new Issue("W_TYPE_UNKNOWN", "$.type",
                "type 'data-licensing' is not a registered contract type; it is processed as custom"));
    }

    @Test
    void warnsAboutACustomToken() {
        ObjectNode c = example("example-a");
        ((ObjectNode) c.get("payment")).put("token", "WBTC");

        assertThat(accepted(c).warnings()).containsExactly(new Issue("W_TOKEN_CUSTOM", "$.payment.token",
                "token 'WBTC' is a custom ERC-20 token; 18 decimals are assumed"));
    }

    @Test
    void listsAllWarningsInTheSpecOrderAlongsideErrors() {
        ObjectNode c = minimal();
        c.put("type", "data-licensing");
        c.remove("description");
        c.remove("metadata");
        ((ObjectNode) c.get("payment")).put("token", "WBTC").remove("currency");
        ((ObjectNode) c.get("payment")).put("amount", -1);

        ReadResult.Rejected rejected = (ReadResult.Rejected) Fixtures.read(c);

        assertThat(rejected.errors()).extracting(Issue::code).containsExactly("E_AMOUNT_NEGATIVE");
        assertThat(rejected.warnings()).extracting(Issue::code).containsExactly("W_TITLE_MISSING", "W_SUMMARY_MISSING",
                "W_CURRENCY_MISSING", "W_KEYWORDS_FEW", "W_TYPE_UNKNOWN", "W_TOKEN_CUSTOM");
    }
}
