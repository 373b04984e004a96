package io.smart402.core.contract;

import static io.smart402.core.contract.Fixtures.accepted;
import static io.smart402.core.contract.Fixtures.json;
import static io.smart402.core.contract.Fixtures.minimal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Spec §1.8: aliases, string parties, the UCL conditions form, the legacy flat form and defaults. */
class NormalizerTest {

    private static ObjectNode normalized(ObjectNode input) {
        return Normalizer.normalize(input).json();
    }

    @ParameterizedTest
    @CsvSource({"once, one-time", "per_request, per-request", "annual, yearly", "annually, yearly",
            "milestone-based, milestone", "milestone_based, milestone", "per_milestone, milestone",
            "per_delivery, on-delivery", "on_delivery, on-delivery", "per_incident, per-incident",
            "weekly, weekly"})
    void resolvesFrequencyAliases(String alias, String canonical) {
        ObjectNode c = minimal();
        ((ObjectNode) c.get("payment")).put("frequency", alias);

        assertThat(normalized(c).at("/payment/frequency").textValue()).isEqualTo(canonical);
    }

    @ParameterizedTest
    @CsvSource({"matic, polygon", "MATIC, polygon", "mainnet, ethereum", "eth, ethereum", "ETH, ethereum",
            "arbitrum-one, arbitrum", "Base, base", "Polygon-Amoy, polygon-amoy"})
    void resolvesNetworkAliasesCaseInsensitively(String alias, String canonical) {
        ObjectNode c = minimal();
        ((ObjectNode) c.get("payment")).put("blockchain", alias).put("sourceBlockchain", alias);

        Contract contract = accepted(c);
        assertThat(contract.payment().blockchain()).isEqualTo(canonical);
        assertThat(contract.payment().sourceBlockchain()).isEqualTo(canonical);
    }

    @Test
    void resolvesShortOperatorAliases() {
        Map<String, String> aliases = Map.of("eq", "equals", "ne", "not_equals", "gt", "greater_than",
                "lt", "less_than", "gte", "greater_than_or_equal", "lte", "less_than_or_equal");
        aliases.forEach((alias, canonical) -> {
            ObjectNode c = minimal();
            ObjectNode condition = c.putArray("conditions").addObject()
                    .put("id", "c1").put("description", "d").put("source", "s").put("operator", alias);
            condition.put(canonical.contains("equal") && !canonical.contains("than") ? "expected" : "threshold", 1);

            assertThat(accepted(c).conditions().get(0).operator()).as(alias).isEqualTo(canonical);
        });
    }

    @Test
    void flattensTheUclConditionsForm() {
        ObjectNode c = minimal();
        c.set("conditions", json("{'required':[{'id':'a','description':'d','source':'s','operator':'eq','expected':true}],"
                + "'optional':[{'id':'b','description':'d','source':'s','operator':'gt','threshold':1,'required':true}]}"));

        assertThat(accepted(c).conditions()).extracting(Condition::id, Condition::required)
                .containsExactly(tuple("a", true), tuple("b", false));
    }

    @Test
    void givesStringPartiesThePayeeRoleFirstForPayeeFirstTypes() {
        ObjectNode c = json("{'type':'saas','parties':['v','c','x','y'],"
                + "'payment':{'amount':1,'token':'USDC','frequency':'monthly'}}");

        assertThat(accepted(c).parties()).extracting(Party::role, Party::identifier).containsExactly(
                tuple("vendor", "v"), tuple("customer", "c"), tuple("party_3", "x"), tuple("party_4", "y"));
    }

    @Test
    void givesStringPartiesThePayerRoleFirstForPayerFirstTypes() {
        for (String[] expected : new String[][] {
                {"freelancer-escrow", "client", "freelancer"}, {"affiliate", "merchant", "affiliate"},
                {"purchase", "buyer", "seller"}, {"saas_reseller", "vendor", "reseller"},
                {"vendor_sla", "vendor", "client"}, {"escrow", "payer", "payee"},
                {"supply_chain", "supplier", "buyer"}, {"api-payment", "provider", "consumer"},
                {"nda", "discloser", "recipient"}, {"rental-agreement", "party_1", "party_2"}}) {
            ObjectNode c = json("{'type':'" + expected[0] + "','parties':['p0','p1'],"
                    + "'payment':{'amount':1,'token':'USDC','frequency':'one-time'}}");

            assertThat(accepted(c).parties()).as(expected[0]).extracting(Party::role)
                    .containsExactly(expected[1], expected[2]);
        }
    }

    @Test
    void givesObjectPartiesWithoutRoleTheRoleOfTheirPosition() {
        ObjectNode c = json("{'type':'saas','parties':[{'identifier':'v'},{'identifier':'c','role':'payer'},"
                + "{'identifier':'z','role':null}],'payment':{'amount':1,'token':'USDC','frequency':'daily'}}");

        assertThat(accepted(c).parties()).extracting(Party::role).containsExactly("vendor", "payer", "party_3");
    }

    @Test
    void buildsThePaymentOfTheLegacyFlatForm() {
        ObjectNode c = normalized(json("{'id':'contract_1','type':'payment','amount':12.5,'parties':['a','b']}"));

        assertThat(c.has("amount")).isFalse();
        assertThat(c.get("payment")).isEqualTo(json("{'amount':12.5,'currency':'USD','token':'USDC',"
                + "'blockchain':'polygon','frequency':'one-time','sourceBlockchain':'polygon','escrow':false}"));
    }

    @Test
    void fillsDefaultsAndWarnsAboutAMissingCurrency() {
        ObjectNode input = json("{'type':'saas','parties':['a','b'],"
                + "'payment':{'amount':1,'currency':null,'token':'USDC','frequency':'monthly'},"
                + "'oracles':[{'id':'o','type':'chainlink'}]}");

        Normalizer.Normalized n = Normalizer.normalize(input);

        assertThat(n.json().get("version").textValue()).isEqualTo("1.0.0");
        assertThat(n.json().get("payment")).isEqualTo(json("{'amount':1,'currency':'USD','token':'USDC',"
                + "'frequency':'monthly','blockchain':'polygon','sourceBlockchain':'polygon','dayOfMonth':1,'escrow':false}"));
        assertThat(n.json().at("/oracles/0")).isEqualTo(json("{'id':'o','type':'chainlink','refreshRate':'1 hour','required':true}"));
        assertThat(n.warnings()).containsExactly(
                new Issue("W_CURRENCY_MISSING", "$.payment.currency", "currency should be specified"));
        assertThat(input.get("payment").get("currency").isNull()).as("input untouched").isTrue();
    }

    @Test
    void keepsUnknownMembersUntouched() {
        ObjectNode c = minimal();
        c.putObject("x-extension").put("kept", "yes").putArray("list").add(1);

        assertThat(accepted(c).toJson().get("x-extension")).isEqualTo(json("{'kept':'yes','list':[1]}"));
    }
}
