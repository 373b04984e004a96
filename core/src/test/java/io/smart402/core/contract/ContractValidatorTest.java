package io.smart402.core.contract;

import static io.smart402.core.contract.Fixtures.errors;
import static io.smart402.core.contract.Fixtures.example;
import static io.smart402.core.contract.Fixtures.json;
import static io.smart402.core.contract.Fixtures.minimal;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** One scenario per error code of spec §3 (plus the PROPOSAL codes): exact code, path and message. */
class ContractValidatorTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    /** Example {@code name}, changed by {@code change}, must be rejected with exactly {@code expected}. */
    private static void assertErrors(String name, Consumer<ObjectNode> change, Issue... expected) {
        ObjectNode document = example(name);
        change.accept(document);
        assertThat(errors(document)).containsExactly(expected);
    }

    private static void assertAccepted(String name, Consumer<ObjectNode> change) {
        ObjectNode document = example(name);
        change.accept(document);
        assertThat(errors(document)).isEmpty();
    }

    private static Issue issue(String code, String path, String message) {
        return new Issue(code, path, message);
    }

    private static ObjectNode payment(ObjectNode c) {
        return (ObjectNode) c.get("payment");
    }

    private static ObjectNode at(ObjectNode c, String array, int index) {
        return (ObjectNode) c.get(array).get(index);
    }

    @Test
    void rejectsANonObjectBodyAndStopsThere() {
        ReadResult result = Fixtures.read(Fixtures.parse("[{\"type\":\"saas\"}]"));

        assertThat(result).isEqualTo(new ReadResult.Rejected(null,
                List.of(issue("E_NOT_OBJECT", "$", "contract must be a JSON object")), List.of()));
        assertThat(errors(NODES.textNode("contract"))).extracting(Issue::code).containsExactly("E_NOT_OBJECT");
    }

    @Nested
    class Identity {

        @Test
        void rejectsIdOutsideTheIdPattern() {
            Issue invalid = issue("E_ID_INVALID", "$.id", "id must match ^[A-Za-z0-9][A-Za-z0-9:._-]{0,127}$");
            assertErrors("example-a", c -> c.put("id", "-starts-with-dash"), invalid);
            assertErrors("example-a", c -> c.put("id", "has space"), invalid);
            assertErrors("example-a", c -> c.put("id", "a".repeat(129)), invalid);
            assertErrors("example-a", c -> c.put("id", 42), invalid);
            assertAccepted("example-a", c -> c.put("id", "A".repeat(128)));
            assertAccepted("example-a", c -> c.put("id", "a.b:c_d-e"));
        }

        @Test
        void reportsTheGivenIdOfARejectedContract() {
            ObjectNode c = example("example-a");
            c.put("type", "");
            assertThat(((ReadResult.Rejected) Fixtures.read(c)).id())
                    .isEqualTo("smart402:saas-subscription:cloudsuite-0001");
        }

        @Test
        void rejectsAMissingOrEmptyType() {
            Issue missing = issue("E_TYPE_MISSING", "$.type", "type is required");
            assertErrors("example-a", c -> c.remove("type"), missing);
            assertErrors("example-a", c -> c.put("type", ""), missing);
            assertErrors("example-a", c -> c.putNull("type"), missing);
        }

        @Test
        void rejectsATypeThatIsNeitherSlugNorAlias() {
            assertErrors("example-a", c -> c.put("type", "Not A Type"),
                    issue("E_TYPE_INVALID", "$.type", "type 'Not A Type' is not a valid contract type"));
            assertErrors("example-a", c -> c.put("type", 7),
                    issue("E_TYPE_INVALID", "$.type", "type '7' is not a valid contract type"));
            assertAccepted("example-a", c -> c.put("type", "SaaS_Reseller_Agreement"));
        }

        @Test
        void rejectsTopLevelMembersOfTheWrongType() {
            assertErrors("example-a", c -> c.put("terms", 42),
                    issue("E_FIELD_INVALID", "$.terms", "terms must be a string"));
            assertErrors("example-b", c -> ((ArrayNode) c.get("obligations")).add(1),
                    issue("E_FIELD_INVALID", "$.obligations", "obligations must be an array of strings"));
        }
    }

    @Nested
    class Parties {

        @Test
        void rejectsFewerThanTwoParties() {
            assertErrors("example-a", c -> ((ArrayNode) c.get("parties")).remove(1),
                    issue("E_PARTIES_MIN", "$.parties", "contract must have at least 2 parties (found 1)"));
            assertErrors("example-a", c -> c.remove("parties"),
                    issue("E_PARTIES_MIN", "$.parties", "contract must have at least 2 parties (found 0)"));
        }

        @Test
        void rejectsPartiesWithoutIdentifierOrWithABadWallet() {
            assertErrors("example-a", c -> at(c, "parties", 0).remove("identifier"),
                    issue("E_PARTY_INVALID", "$.parties[0].identifier", "party 0: identifier is required"));
            assertErrors("example-a", c -> at(c, "parties", 1).put("wallet", "0x123"),
                    issue("E_PARTY_INVALID", "$.parties[1].wallet", "party 1: wallet must be 0x followed by 40 hex digits"));
            assertErrors("example-a", c -> at(c, "parties", 1).put("wallet", "0x" + "g".repeat(40)),
                    issue("E_PARTY_INVALID", "$.parties[1].wallet", "party 1: wallet must be 0x followed by 40 hex digits"));
            assertErrors("example-a", c -> at(c, "parties", 0).put("name", 5),
                    issue("E_PARTY_INVALID", "$.parties[0].name", "party 0: name must be a string"));
            assertErrors("example-a", c -> ((ArrayNode) c.get("parties")).set(1, NODES.numberNode(7)),
                    issue("E_PARTY_INVALID", "$.parties[1]", "party 1: must be a string or an object"));
        }

        @Test
        void rejectsARepeatedIdentifier() {
            assertErrors("example-a", c -> at(c, "parties", 1).put("identifier", "billing@cloudsuite.example"),
                    issue("E_PARTY_DUPLICATE", "$.parties[1].identifier",
                            "duplicate party identifier 'billing@cloudsuite.example'"));
            assertAccepted("example-a", c -> at(c, "parties", 1).put("identifier", "BILLING@cloudsuite.example"));
        }
    }

    @Nested
    class Payment {

        @Test
        void rejectsAContractWithNeitherPaymentNorAmount() {
            assertErrors("example-a", c -> c.remove("payment"), issue("E_PAYMENT_MISSING", "$.payment", "payment is required"));
            assertErrors("example-a", c -> c.putNull("payment"), issue("E_PAYMENT_MISSING", "$.payment", "payment is required"));
        }

        @Test
        void rejectsAnAmountThatIsNotAFiniteNumber() {
            Issue invalid = issue("E_AMOUNT_INVALID", "$.payment.amount", "payment.amount must be a number");
            assertErrors("example-a", c -> payment(c).put("amount", "99"), invalid);
            assertErrors("example-a", c -> payment(c).remove("amount"), invalid);
            // NaN and infinities only exist in trees built in code; canonical JSON cannot hold them either
            Issue unrepresentable = issue("E_LIMIT", "$.payment.amount", "contract exceeds limit number-range");
            assertErrors("example-a", c -> payment(c).set("amount", DoubleNode.valueOf(Double.NaN)), invalid, unrepresentable);
            assertErrors("example-a", c -> payment(c).set("amount", DoubleNode.valueOf(Double.POSITIVE_INFINITY)),
                    invalid, unrepresentable);
        }

        @Test
        void rejectsANegativeAmount() {
            assertErrors("example-a", c -> payment(c).put("amount", -1),
                    issue("E_AMOUNT_NEGATIVE", "$.payment.amount", "payment amount cannot be negative"));
            assertAccepted("example-a", c -> payment(c).put("amount", 0));
        }

        @Test
        void rejectsAnAmountAboveOneBillion() {
            assertErrors("example-a", c -> payment(c).put("amount", new BigDecimal("1000000000.000001")),
                    issue("E_AMOUNT_RANGE", "$.payment.amount", "payment.amount must be at most 1000000000"));
            assertAccepted("example-a", c -> payment(c).put("amount", new BigDecimal("1000000000")));
            assertAccepted("example-a", c -> payment(c).put("amount", new BigDecimal("1E+9")));
        }

        @Test
        void rejectsMoreFractionDigitsThanTheTokenHas() {
            assertErrors("example-a", c -> payment(c).put("amount", new BigDecimal("99.1234567")),
                    issue("E_AMOUNT_PRECISION", "$.payment.amount", "payment.amount has more than 6 decimals for USDC"));
            assertErrors("example-a", c -> payment(c).put("token", "DAI").put("amount", new BigDecimal("1E-19")),
                    issue("E_AMOUNT_PRECISION", "$.payment.amount", "payment.amount has more than 18 decimals for DAI"));
            assertErrors("example-a", c -> payment(c).put("token", "WBTC").put("amount", new BigDecimal("0.0000000000000000001")),
                    issue("E_AMOUNT_PRECISION", "$.payment.amount", "payment.amount has more than 18 decimals for WBTC"));
            assertAccepted("example-a", c -> payment(c).put("amount", new BigDecimal("99.1234560000")));
            assertAccepted("example-a", c -> payment(c).put("token", "ETH").put("amount", new BigDecimal("0.123456789012345678")));
        }

        @Test
        void rejectsAMissingOrMalformedToken() {
            assertErrors("example-a", c -> payment(c).remove("token"),
                    issue("E_TOKEN_MISSING", "$.payment.token", "payment.token is required"));
            assertErrors("example-a", c -> payment(c).put("token", "usdc"),
                    issue("E_TOKEN_INVALID", "$.payment.token", "payment.token is invalid"));
            assertErrors("example-a", c -> payment(c).put("token", "ABCDEFGHIJKL"),
                    issue("E_TOKEN_INVALID", "$.payment.token", "payment.token is invalid"));
        }

        @Test
        void rejectsAnUnsupportedBlockchainOrSourceBlockchain() {
            // sourceBlockchain is not defaulted from an unsupported blockchain: one error, not two
            assertErrors("example-a", c -> payment(c).put("blockchain", "solana"),
                    issue("E_NETWORK_UNSUPPORTED", "$.payment.blockchain", "unsupported blockchain 'solana'"));
            assertErrors("example-a", c -> payment(c).put("sourceBlockchain", "tron"),
                    issue("E_NETWORK_UNSUPPORTED", "$.payment.sourceBlockchain", "unsupported blockchain 'tron'"));
        }

        @Test
        void rejectsAMissingOrUnknownFrequency() {
            assertErrors("example-a", c -> payment(c).put("frequency", "fortnightly"),
                    issue("E_FREQUENCY_INVALID", "$.payment.frequency", "unsupported payment frequency 'fortnightly'"));
            assertErrors("example-a", c -> payment(c).remove("frequency"),
                    issue("E_FREQUENCY_INVALID", "$.payment.frequency", "payment.frequency is required"));
        }

        @Test
        void rejectsAMonthlyDayOutsideOneToTwentyEight() {
            Issue day = issue("E_DAY_OF_MONTH", "$.payment.dayOfMonth", "payment.dayOfMonth must be between 1 and 28");
            assertErrors("example-a", c -> payment(c).put("dayOfMonth", 29), day);
            assertErrors("example-a", c -> payment(c).put("dayOfMonth", 0), day);
            assertErrors("example-a", c -> payment(c).put("dayOfMonth", new BigDecimal("1.5")), day);
            assertErrors("example-a", c -> payment(c).put("dayOfMonth", "1"), day);
            assertAccepted("example-a", c -> payment(c).put("dayOfMonth", 28));
            assertAccepted("example-a", c -> payment(c).remove("dayOfMonth"));
        }

        @Test
        void rejectsMalformedPaymentMembers() {
            assertErrors("example-a", c -> payment(c).put("currency", "usd"),
                    issue("E_PAYMENT_INVALID", "$.payment.currency", "payment.currency must be a 3-letter ISO-4217 code"));
            assertErrors("example-a", c -> payment(c).put("escrow", "yes"),
                    issue("E_PAYMENT_INVALID", "$.payment.escrow", "payment.escrow must be a boolean"));
            assertErrors("example-a", c -> payment(c).put("payTo", "vendor"),
                    issue("E_PAYMENT_INVALID", "$.payment.payTo", "payment.payTo must be 0x followed by 40 hex digits"));
            assertErrors("example-a", c -> payment(c).put("structure", "barter"),
                    issue("E_PAYMENT_INVALID", "$.payment.structure", "payment.structure must be one of "
                            + "fixed_amount, tiered_commission, percentage, milestone_based, recurring"));
            assertErrors("example-a", c -> c.put("payment", "99 USDC"),
                    issue("E_PAYMENT_INVALID", "$.payment", "payment must be an object"));
        }
    }

    @Nested
    class Conditions {

        @Test
        void rejectsConditionsWithMissingMembers() {
            assertErrors("example-a", c -> at(c, "conditions", 0).remove("id"),
                    issue("E_CONDITION_INVALID", "$.conditions[0].id", "condition 0: id is required"));
            assertErrors("example-a", c -> at(c, "conditions", 0).remove("description"),
                    issue("E_CONDITION_INVALID", "$.conditions[0].description", "condition 0: description is required"));
            assertErrors("example-a", c -> at(c, "conditions", 1).put("source", ""),
                    issue("E_CONDITION_INVALID", "$.conditions[1].source", "condition 1: source is required"));
            assertErrors("example-a", c -> at(c, "conditions", 1).remove("operator"),
                    issue("E_CONDITION_INVALID", "$.conditions[1].operator", "condition 1: operator is required"));
        }

        @Test
        void rejectsAConditionIdOutsideTheConditionIdPattern() {
            assertErrors("example-a", c -> at(c, "conditions", 0).put("id", "Service-Active"),
                    issue("E_CONDITION_INVALID", "$.conditions[0].id", "condition 0: id must match ^[a-z0-9_]{1,64}$"));
            assertErrors("example-a", c -> at(c, "conditions", 0).put("id", "x".repeat(65)),
                    issue("E_CONDITION_INVALID", "$.conditions[0].id", "condition 0: id must match ^[a-z0-9_]{1,64}$"));
        }

        @Test
        void rejectsAnUnknownOperator() {
            assertErrors("example-a", c -> at(c, "conditions", 1).put("operator", "approximately"),
                    issue("E_CONDITION_INVALID", "$.conditions[1].operator", "condition 1: unsupported operator 'approximately'"));
        }

        @Test
        void requiresANumericThresholdForOrderingOperators() {
            assertErrors("example-a", c -> at(c, "conditions", 1).remove("threshold"),
                    issue("E_CONDITION_INVALID", "$.conditions[1].threshold",
                            "condition 1: threshold must be a number for operator 'greater_than_or_equal'"));
            assertErrors("example-a", c -> at(c, "conditions", 1).put("threshold", "0.99").put("operator", "lt"),
                    issue("E_CONDITION_INVALID", "$.conditions[1].threshold",
                            "condition 1: threshold must be a number for operator 'less_than'"));
        }

        @Test
        void requiresAScalarExpectedForEqualityAndContains() {
            assertErrors("example-a", c -> at(c, "conditions", 0).remove("expected"),
                    issue("E_CONDITION_INVALID", "$.conditions[0].expected",
                            "condition 0: expected must be a string, number or boolean for operator 'equals'"));
            assertErrors("example-a", c -> at(c, "conditions", 0).putArray("expected").add(1),
                    issue("E_CONDITION_INVALID", "$.conditions[0].expected",
                            "condition 0: expected must be a string, number or boolean for operator 'equals'"));
            // contains takes expected, never a threshold (our reading; the spec leaves it open)
            assertErrors("example-a", c -> at(c, "conditions", 0).put("operator", "contains").put("threshold", 1).remove("expected"),
                    issue("E_CONDITION_INVALID", "$.conditions[0].expected",
                            "condition 0: expected must be a string, number or boolean for operator 'contains'"));
            assertAccepted("example-a", c -> at(c, "conditions", 0).put("operator", "ne").put("expected", "down"));
        }

        @Test
        void rejectsConditionsThatAreNotObjectsOrAList() {
            assertErrors("example-a", c -> ((ArrayNode) c.get("conditions")).add("uptime"),
                    issue("E_CONDITION_INVALID", "$.conditions[2]", "condition 2: must be an object"));
            assertErrors("example-a", c -> c.put("conditions", "uptime"),
                    issue("E_CONDITION_INVALID", "$.conditions",
                            "conditions must be an array or an object {required: [...], optional: [...]}"));
            assertErrors("example-a", c -> c.putObject("conditions").put("required", "uptime"),
                    issue("E_CONDITION_INVALID", "$.conditions",
                            "conditions must be an array or an object {required: [...], optional: [...]}"));
        }

        @Test
        void rejectsARepeatedConditionId() {
            assertErrors("example-a", c -> at(c, "conditions", 1).put("id", "service_active"),
                    issue("E_CONDITION_DUPLICATE", "$.conditions[1].id", "duplicate condition id 'service_active'"));
        }

        @Test
        void rejectsAConditionSourceThatNoListedOracleDeclares() {
            assertErrors("example-a", c -> at(c, "conditions", 0).put("source", "weather_api"),
                    issue("E_ORACLE_UNKNOWN", "$.conditions[0].source",
                            "condition 'service_active' uses undeclared oracle 'weather_api'"));
            // without an oracle list any source is accepted
            assertAccepted("example-a", c -> {
                at(c, "conditions", 0).put("source", "weather_api");
                c.remove("oracles");
            });
        }

        @Test
        void rejectsMalformedOracles() {
            assertErrors("example-a", c -> at(c, "oracles", 0).put("type", "magic"),
                    issue("E_ORACLE_INVALID", "$.oracles[0].type",
                            "oracle 0: type must be one of chainlink, custom_api, smart_contract, iot_sensor"));
            assertErrors("example-a", c -> at(c, "oracles", 1).remove("type"),
                    issue("E_ORACLE_INVALID", "$.oracles[1].type", "oracle 1: type is required"));
            assertErrors("example-a", c -> at(c, "oracles", 1).put("address", "0xabc"),
                    issue("E_ORACLE_INVALID", "$.oracles[1].address", "oracle 1: address must be 0x followed by 40 hex digits"));
            assertErrors("example-a", c -> ((ArrayNode) c.get("oracles")).add(at(c, "oracles", 0).deepCopy()),
                    issue("E_ORACLE_INVALID", "$.oracles[2].id", "oracle 2: duplicate oracle id 'service_api'"));
            assertErrors("example-a", c -> c.put("oracles", "service_api"),
                    issue("E_ORACLE_INVALID", "$.oracles", "oracles must be an array"));
        }
    }

    @Nested
    class Schedule {

        @Test
        void rejectsMilestonesThatDoNotSumToTheAmount() {
            assertErrors("example-b", c -> at(c, "milestones", 2).put("amount", 500),
                    issue("E_MILESTONES", "$.milestones", "milestones must sum to payment.amount (4000 ≠ 5000)"));
            assertErrors("example-b", c -> payment(c).put("amount", new BigDecimal("5000.5")),
                    issue("E_MILESTONES", "$.milestones", "milestones must sum to payment.amount (5000 ≠ 5000.5)"));
            assertAccepted("example-b", c -> payment(c).put("amount", new BigDecimal("5000.000")));
        }

        @Test
        void requiresMilestonesForMilestoneFrequency() {
            assertErrors("example-b", c -> c.remove("milestones"),
                    issue("E_MILESTONES", "$.milestones", "milestone frequency requires at least one milestone"));
            assertErrors("example-b", c -> c.putArray("milestones"),
                    issue("E_MILESTONES", "$.milestones", "milestone frequency requires at least one milestone"));
        }

        @Test
        void rejectsMalformedMilestones() {
            assertErrors("example-b", c -> at(c, "milestones", 0).remove("title"),
                    issue("E_MILESTONES", "$.milestones[0].title", "milestone 0: title is required"));
            assertErrors("example-b", c -> at(c, "milestones", 1).put("id", "m1"),
                    issue("E_MILESTONES", "$.milestones[1].id", "milestone 1: duplicate milestone id 'm1'"));
            assertErrors("example-b", c -> at(c, "milestones", 3).put("dueDate", "2025-02-30"),
                    issue("E_MILESTONES", "$.milestones[3].dueDate", "milestone 3: dueDate must be a date YYYY-MM-DD"));
            assertErrors("example-b", c -> at(c, "milestones", 3).put("dueDate", "12/04/2025"),
                    issue("E_MILESTONES", "$.milestones[3].dueDate", "milestone 3: dueDate must be a date YYYY-MM-DD"));
            // an invalid amount is reported once; the sum is not formed from it
            assertErrors("example-b", c -> at(c, "milestones", 3).put("amount", 0),
                    issue("E_MILESTONES", "$.milestones[3].amount", "milestone 3: amount must be greater than 0"));
            assertErrors("example-b", c -> at(c, "milestones", 3).put("amount", new BigDecimal("499.9999999")),
                    issue("E_MILESTONES", "$.milestones[3].amount", "milestone 3: amount has more than 6 decimals for USDC"));
            assertErrors("example-b", c -> c.put("milestones", "four"),
                    issue("E_MILESTONES", "$.milestones", "milestones must be an array"));
        }

        @Test
        void rejectsSplitsThatDoNotSumToOneHundred() {
            assertErrors("example-c", c -> at((ObjectNode) c.get("payment"), "splits", 1).put("percentage", 30),
                    issue("E_SPLITS", "$.payment.splits", "payment splits must sum to 100 (got 90)"));
            assertErrors("example-c", c -> at((ObjectNode) c.get("payment"), "splits", 1).put("percentage", new BigDecimal("40.005")),
                    issue("E_SPLITS", "$.payment.splits", "payment splits must sum to 100 (got 100.005)"));
        }

        @Test
        void rejectsSplitsToUnknownPartiesOrWithBadPercentages() {
            assertErrors("example-c", c -> at((ObjectNode) c.get("payment"), "splits", 0).put("party", "ghost@x.example"),
                    issue("E_SPLITS", "$.payment.splits[0].party", "split 0: unknown party 'ghost@x.example'"));
            assertErrors("example-c", c -> at((ObjectNode) c.get("payment"), "splits", 1).put("party", "supplier@pharma.example"),
                    issue("E_SPLITS", "$.payment.splits[1].party", "split 1: duplicate party 'supplier@pharma.example'"));
            assertErrors("example-c", c -> at((ObjectNode) c.get("payment"), "splits", 1).put("percentage", "40"),
                    issue("E_SPLITS", "$.payment.splits[1].percentage",
                            "split 1: percentage must be a number greater than 0 and at most 100"));
        }

        @Test
        void requiresThreeTiersForTieredCommission() {
            Issue incomplete = issue("E_TIERS_INCOMPLETE", "$.payment.tiers", "Tiered commission requires all 3 tiers defined");
            assertErrors("example-a", c -> payment(c).put("structure", "tiered_commission"), incomplete);
            assertErrors("example-a", c -> {
                payment(c).put("structure", "tiered_commission");
                ArrayNode tiers = payment(c).putArray("tiers");
                tiers.addObject().put("threshold", 0).put("rate", 0.05);
                tiers.addObject().put("threshold", 1000).put("rate", 0.1);
            }, incomplete);
            assertAccepted("example-a", c -> {
                payment(c).put("structure", "tiered_commission");
                ArrayNode tiers = payment(c).putArray("tiers");
                tiers.addObject().put("threshold", 0).put("rate", 0.05);
                tiers.addObject().put("threshold", 1000).put("rate", 0.1);
                tiers.addObject().put("threshold", 5000).put("rate", 0.15);
            });
        }

        @Test
        void rejectsMalformedTiers() {
            assertErrors("example-a", c -> payment(c).putArray("tiers").addObject().put("threshold", 0),
                    issue("E_PAYMENT_INVALID", "$.payment.tiers[0]", "payment.tiers[0] must have a numeric threshold and rate"));
        }
    }

    @Nested
    class DisputeAndMetadata {

        @Test
        void rejectsAnUnknownDisputeMethod() {
            assertErrors("example-b", c -> ((ObjectNode) c.get("dispute")).put("method", "coin_flip"),
                    issue("E_DISPUTE_INVALID", "$.dispute.method", "dispute.method must be one of multisig, arbitrator, dao_vote"));
            assertErrors("example-b", c -> ((ObjectNode) c.get("dispute")).remove("method"),
                    issue("E_DISPUTE_INVALID", "$.dispute.method", "dispute.method is required"));
            assertErrors("example-b", c -> c.put("dispute", "multisig"),
                    issue("E_DISPUTE_INVALID", "$.dispute", "dispute must be an object"));
        }

        @Test
        void rejectsMoreRequiredSignaturesThanSigners() {
            assertErrors("example-b", c -> ((ObjectNode) c.get("dispute")).put("requiredSignatures", 4),
                    issue("E_DISPUTE_INVALID", "$.dispute.requiredSignatures",
                            "dispute.requiredSignatures must not exceed the number of signers (3)"));
            assertErrors("example-b", c -> ((ObjectNode) c.get("dispute")).put("requiredSignatures", 0),
                    issue("E_DISPUTE_INVALID", "$.dispute.requiredSignatures",
                            "dispute.requiredSignatures must be a positive integer"));
        }

        @Test
        void rejectsMetadataInstantsThatAreNotIso8601() {
            assertErrors("example-a", c -> ((ObjectNode) c.get("metadata")).put("createdAt", "yesterday"),
                    issue("E_METADATA_INVALID", "$.metadata.createdAt", "metadata.createdAt must be an ISO-8601 instant"));
            assertErrors("example-a", c -> ((ObjectNode) c.get("metadata")).put("asOf", "2025-02-01"),
                    issue("E_METADATA_INVALID", "$.metadata.asOf", "metadata.asOf must be an ISO-8601 instant"));
            assertErrors("example-c", c -> ((ArrayNode) c.get("metadata").get("citations")).add("soon"),
                    issue("E_METADATA_INVALID", "$.metadata.citations[2]", "metadata.citations[2] must be an ISO-8601 instant"));
            assertAccepted("example-a", c -> ((ObjectNode) c.get("metadata")).put("asOf", "2025-02-01T09:30:00+02:00"));
        }

        @Test
        void rejectsMetadataSignalsOutOfRange() {
            assertErrors("example-c", c -> ((ObjectNode) c.get("metadata")).put("avgRating", new BigDecimal("5.1")),
                    issue("E_METADATA_INVALID", "$.metadata.avgRating", "metadata.avgRating must be a number between 0 and 5"));
            assertErrors("example-c", c -> ((ObjectNode) c.get("metadata")).put("deployments", -1),
                    issue("E_METADATA_INVALID", "$.metadata.deployments", "metadata.deployments must be a non-negative integer"));
            assertErrors("example-c", c -> ((ObjectNode) c.get("metadata")).put("audited", "yes"),
                    issue("E_METADATA_INVALID", "$.metadata.audited", "metadata.audited must be a boolean"));
            assertErrors("example-a", c -> ((ObjectNode) c.get("metadata")).put("keywords", "saas"),
                    issue("E_METADATA_INVALID", "$.metadata.keywords", "metadata.keywords must be an array of strings"));
            assertErrors("example-a", c -> c.put("metadata", "none"),
                    issue("E_METADATA_INVALID", "$.metadata", "metadata must be an object"));
        }
    }

    @Nested
    class Limits {

        private static List<Issue> errorsUnder(ContractLimits limits, JsonNode document) {
            return new ContractReader(limits).read(document) instanceof ReadResult.Rejected r ? r.errors() : List.of();
        }

        @Test
        void rejectsArraysLongerThanTheLimitAnywhere() {
            ObjectNode c = example("example-a");
            ((ObjectNode) c.get("metadata")).putObject("x-deep").putArray("list").add(1).add(2).add(3).add(4).add(5);

            assertThat(errorsUnder(new ContractLimits(1 << 20, 32, 4, 65_536), c)).containsExactly(
                    issue("E_LIMIT", "$.metadata.keywords", "contract exceeds limit max-array-items"),
                    issue("E_LIMIT", "$.metadata['x-deep'].list", "contract exceeds limit max-array-items"));
        }

        @Test
        void rejectsTreesBuiltInCodeThatExceedDepthOrStringLimits() {
            ObjectNode c = minimal();
            ObjectNode deep = c.putObject("x");
            for (int i = 0; i < 10; i++) {
                deep = deep.putObject("y");
            }
            c.put("terms", "t".repeat(51));

            assertThat(errorsUnder(new ContractLimits(1 << 20, 8, 1000, 50), c)).containsExactly(
                    issue("E_LIMIT", "$.terms", "contract exceeds limit max-string-length"),
                    issue("E_LIMIT", "$.x.y.y.y.y.y.y.y", "contract exceeds limit max-depth"));
        }

        @Test
        void rejectsNumbersCanonicalJsonCannotRepresent() {
            ObjectNode c = minimal();
            c.put("x-huge", new BigDecimal("1E+400"));

            assertThat(errors(c)).containsExactly(issue("E_LIMIT", "$['x-huge']", "contract exceeds limit number-range"));
        }
    }

    @Test
    void reportsEveryFaultInRuleOrderThenPath() {
        ObjectNode c = json("{'id':'-bad','parties':['solo'],"
                + "'payment':{'amount':-1.1234567,'currency':'usd','token':'usdc','blockchain':'solana',"
                + "  'frequency':'monthly','dayOfMonth':40,'splits':[{'party':'ghost','percentage':100}]},"
                + "'conditions':[{'id':'a','description':'d','source':'s','operator':'gt'},"
                + "  {'id':'a','description':'d','source':'x','operator':'eq','expected':1}],"
                + "'oracles':[{'id':'s','type':'chainlink'}],"
                + "'milestones':'nope','dispute':{'method':'duel'},'metadata':{'asOf':'now'},'terms':5}");

        assertThat(errors(c)).containsExactly(
                issue("E_ID_INVALID", "$.id", "id must match ^[A-Za-z0-9][A-Za-z0-9:._-]{0,127}$"),
                issue("E_TYPE_MISSING", "$.type", "type is required"),
                issue("E_PARTIES_MIN", "$.parties", "contract must have at least 2 parties (found 1)"),
                issue("E_AMOUNT_NEGATIVE", "$.payment.amount", "payment amount cannot be negative"),
                issue("E_TOKEN_INVALID", "$.payment.token", "payment.token is invalid"),
                issue("E_NETWORK_UNSUPPORTED", "$.payment.blockchain", "unsupported blockchain 'solana'"),
                issue("E_DAY_OF_MONTH", "$.payment.dayOfMonth", "payment.dayOfMonth must be between 1 and 28"),
                issue("E_PAYMENT_INVALID", "$.payment.currency", "payment.currency must be a 3-letter ISO-4217 code"),
                issue("E_CONDITION_INVALID", "$.conditions[0].threshold",
                        "condition 0: threshold must be a number for operator 'greater_than'"),
                issue("E_CONDITION_DUPLICATE", "$.conditions[1].id", "duplicate condition id 'a'"),
                issue("E_ORACLE_UNKNOWN", "$.conditions[1].source", "condition 'a' uses undeclared oracle 'x'"),
                issue("E_MILESTONES", "$.milestones", "milestones must be an array"),
                issue("E_SPLITS", "$.payment.splits[0].party", "split 0: unknown party 'ghost'"),
                issue("E_DISPUTE_INVALID", "$.dispute.method", "dispute.method must be one of multisig, arbitrator, dao_vote"),
                issue("E_METADATA_INVALID", "$.metadata.asOf", "metadata.asOf must be an ISO-8601 instant"),
                issue("E_FIELD_INVALID", "$.terms", "terms must be a string"));
    }

    @Test
    void ordersIssuesOfOneRuleByPathWithNumericIndices() {
        ObjectNode c = minimal();
        ArrayNode parties = c.putArray("parties");
        for (int i = 0; i < 12; i++) {
            ObjectNode party = parties.addObject().put("identifier", "p" + i);
            if (i == 2 || i == 10) {
                party.put("wallet", "nope");
            }
        }
        at(c, "parties", 11).remove("identifier");

        assertThat(errors(c)).extracting(Issue::path).containsExactly(
                "$.parties[2].wallet", "$.parties[10].wallet", "$.parties[11].identifier");
    }

    @Test
    void echoesAtMostOneHundredCharactersOfAHostileValue() {
        ObjectNode c = example("example-a");
        payment(c).put("frequency", "x".repeat(5000));

        assertThat(errors(c)).singleElement()
                .extracting(Issue::message)
                .isEqualTo("unsupported payment frequency '" + "x".repeat(100) + "…'");
    }
}
