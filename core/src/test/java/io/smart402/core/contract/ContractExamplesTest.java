package io.smart402.core.contract;

import static io.smart402.core.contract.Fixtures.accepted;
import static io.smart402.core.contract.Fixtures.example;
import static io.smart402.core.contract.Fixtures.warnings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The spec §1.9 documents, generated ids (§1.7) and digests. */
class ContractExamplesTest {

    @Test
    void exampleAIsAcceptedWithoutWarnings() {
        Contract a = accepted(example("example-a"));

        assertThat(a.id()).isEqualTo("smart402:saas-subscription:cloudsuite-0001");
        assertThat(a.canonicalType()).isEqualTo("saas-subscription");
        assertThat(a.payment().amount()).isEqualByComparingTo("99");
        assertThat(a.payment().dayOfMonth()).isEqualTo(1);
        assertThat(a.payment().sourceBlockchain()).isEqualTo("polygon");
        assertThat(a.conditions()).extracting(Condition::operator).containsExactly("equals", "greater_than_or_equal");
        assertThat(a.warnings()).isEmpty();
    }

    @Test
    void exampleBIsAcceptedWithItsFourMilestones() {
        Contract b = accepted(example("example-b"));

        assertThat(b.canonicalType()).isEqualTo("freelancer-milestone");
        assertThat(b.milestones()).extracting(Milestone::id).containsExactly("m1", "m2", "m3", "m4");
        assertThat(b.dispute()).hasValueSatisfying(d -> assertThat(d.requiredSignatures()).isEqualTo(2));
        assertThat(b.warnings()).extracting(Issue::code).containsExactly("W_KEYWORDS_FEW");
    }

    @Test
    void exampleCIsAcceptedWithItsSplits() {
        Contract c = accepted(example("example-c"));

        assertThat(c.payment().splits()).extracting(Split::percentage)
                .usingElementComparator(BigDecimal::compareTo)
                .containsExactly(new BigDecimal(60), new BigDecimal(40));
        assertThat(c.metadata().citations()).hasSize(2);
        assertThat(c.warnings()).extracting(Issue::code).containsExactly("W_KEYWORDS_FEW");
    }

    @Test
    void legacyFlatFormIsAcceptedAsAOneTimeUsdcPaymentOnPolygon() {
        Contract legacy = accepted(example("legacy"));

        assertThat(legacy.id()).isEqualTo("contract_7");
        assertThat(legacy.canonicalType()).isEqualTo("one-time-payment");
        assertThat(legacy.payment()).satisfies(p -> {
            assertThat(p.amount()).isEqualByComparingTo("4200");
            assertThat(p.currency()).isEqualTo("USD");
            assertThat(p.token()).isEqualTo("USDC");
            assertThat(p.blockchain()).isEqualTo("polygon");
            assertThat(p.frequency()).isEqualTo("one-time");
        });
        // one-time-payment puts the payer first (spec §1.6)
        assertThat(legacy.parties()).extracting(Party::role, Party::identifier)
                .containsExactly(tuple("buyer", "party_a"),
                        tuple("seller", "party_b"));
        assertThat(legacy.toJson().has("amount")).isFalse();
        assertThat(warnings(example("legacy"))).extracting(Issue::code)
                .containsExactly("W_TITLE_MISSING", "W_KEYWORDS_FEW");
    }

    @Test
    void generatesIdFromCanonicalTypeAndTheDigestOfTheDocumentWithoutId() {
        ObjectNode input = example("example-a");
        input.remove("id");
        input.put("type", "saas");

        Contract contract = accepted(input);

        String expectedHex = CanonicalJson.sha256(Normalizer.normalize(input).json()).substring(0, 16);
        assertThat(contract.id()).isEqualTo("smart402:saas-subscription:" + expectedHex)
                .matches("^smart402:saas-subscription:[0-9a-f]{16}$");
        assertThat(contract.toJson().fieldNames().next()).isEqualTo("id");
        assertThat(contract.digest()).isEqualTo(CanonicalJson.sha256(contract.toJson()));
    }

    @Test
    void treatsANullIdAsAbsent() {
        ObjectNode withoutId = example("example-b");
        withoutId.remove("id");
        ObjectNode nullId = example("example-b");
        nullId.putNull("id");

        assertThat(accepted(nullId).id()).isEqualTo(accepted(withoutId).id()).startsWith("smart402:freelancer-milestone:");
    }

    @Test
    void idAndDigestAreStableAcrossRunsAndMemberOrder() {
        ObjectNode input = example("legacy");
        input.remove("id");
        ObjectNode reordered = input.objectNode();
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = input.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        Collections.reverse(names);
        names.forEach(name -> reordered.set(name, input.get(name)));

        Contract first = accepted(input);
        Contract second = accepted(reordered);

        assertThat(second.id()).isEqualTo(first.id());
        assertThat(second.digest()).isEqualTo(first.digest());
        // pinned: a change here means normalization or canonical JSON changed, and every cache key with it
        // pinned (cross-checked with Python's json.dumps(sort_keys=True) + hashlib): a change here means
        // normalization or canonical JSON changed, and every cache key with it
        assertThat(first.id()).isEqualTo("smart402:one-time-payment:c30ea60030452acd");
        assertThat(first.digest()).isEqualTo("ea3c4ccec9ea0eef3ac60d33e606af9ad3570a0eeae0597a458efb22d5cede57");
    }

    @Test
    void differentContentGivesDifferentIds() {
        ObjectNode one = example("legacy");
        one.remove("id");
        ObjectNode other = one.deepCopy().put("amount", 4201);

        assertThat(accepted(one).id()).isNotEqualTo(accepted(other).id());
    }
}
