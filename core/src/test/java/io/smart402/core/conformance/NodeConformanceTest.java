package io.smart402.core.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.smart402.core.conformance.NodeConformance.Report;
import io.smart402.core.conformance.NodeConformance.SoliditySource;
import io.smart402.core.conformance.NodeConformance.SolidityResult;
import io.smart402.core.conformance.NodeConformance.X402Result;
import io.smart402.core.conformance.NodeConformance.X402Sample;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Proves the conformance harness itself, with hand-written samples: the reference tools must accept the good ones and
 * reject the broken ones. The phases' own tests feed it their generated outputs.
 */
class NodeConformanceTest {

    /** Shape of spec §2.3 soliditySource, written by hand. */
    static final String GOOD_SOLIDITY = """
            // SPDX-License-Identifier: MIT
            pragma solidity ^0.8.20;

            /// @title Monthly SaaS Subscription
            /// @notice Provider delivers the service, customer pays 99 USDC per month.
            contract SaasSubscriptionContract {
                address public provider;
                address public customer;
                address public oracle;
                address public paymentToken;
                uint256 public paymentAmount = 99000000;

                bytes32 constant COND_SERVICE_UPTIME = keccak256("service_uptime");
                mapping(bytes32 => bool) public conditionMet;

                event ContractExecuted(uint256 amount, address executor);

                function reportCondition(bytes32 conditionId, bool met) external {
                    require(msg.sender == oracle, "only oracle");
                    conditionMet[conditionId] = met;
                }

                function verifyConditions() public view returns (bool) {
                    return conditionMet[COND_SERVICE_UPTIME];
                }

                function execute() external returns (bool) {
                    require(verifyConditions(), "conditions not met");
                    emit ContractExecuted(paymentAmount, msg.sender);
                    return true;
                }

                function releaseMilestone(uint256 index) external returns (bool) {
                    require(index < 3, "no such milestone");
                    return true;
                }
            }
            """;

    /** Type error: a string literal assigned to a uint256. */
    static final String BAD_SOLIDITY_TYPE = """
            // SPDX-License-Identifier: MIT
            pragma solidity ^0.8.20;

            contract Broken {
                uint256 public amount = "ninety-nine";
            }
            """;

    /** Parser error: an unsanitised keyword used as an identifier. */
    static final String BAD_SOLIDITY_SYNTAX = """
            // SPDX-License-Identifier: MIT
            pragma solidity ^0.8.20;

            contract Broken {
                address public contract;
            }
            """;

    /** Spec §2.4, Example A, V1. */
    static final String EXAMPLE_A_V1 = """
            {"x402Version":1,"error":"X-PAYMENT header is required","accepts":[{"scheme":"exact","network":"polygon",
             "maxAmountRequired":"99000000","asset":"0x3c499c542cEF5E3811e1192ce70d8cC03d5c3359",
             "payTo":"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
             "resource":"https://smart402.io/contracts/smart402:saas-subscription:cloudsuite-0001",
             "description":"Monthly SaaS Subscription","mimeType":"application/json",
             "maxTimeoutSeconds":300,"extra":{"name":"USDC","version":"2"}}]}
            """;

    /** Example A V1 without payTo. */
    static final String BROKEN_V1_NO_PAY_TO = """
            {"x402Version":1,"error":"X-PAYMENT header is required","accepts":[{"scheme":"exact","network":"polygon",
             "maxAmountRequired":"99000000","asset":"0x3c499c542cEF5E3811e1192ce70d8cC03d5c3359",
             "resource":"https://smart402.io/contracts/smart402:saas-subscription:cloudsuite-0001",
             "description":"Monthly SaaS Subscription","mimeType":"application/json",
             "maxTimeoutSeconds":300,"extra":{"name":"USDC","version":"2"}}]}
            """;

    /** Passes @x402/core's V1 schema (network is any non-empty string there) but not x402's v1 network enum. */
    static final String V1_UNKNOWN_NETWORK = """
            {"x402Version":1,"error":"X-PAYMENT header is required","accepts":[{"scheme":"exact","network":"arbitrum",
             "maxAmountRequired":"5000000000","asset":"0xaf88d065e77c8cc2239327c5edb3a432268e5831",
             "payTo":"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
             "resource":"https://smart402.io/contracts/x","description":"d","mimeType":"application/json",
             "maxTimeoutSeconds":300}]}
            """;

    static final String V2 = """
            {"x402Version":2,"error":"PAYMENT-SIGNATURE header is required",
             "resource":{"url":"https://smart402.io/contracts/x","description":"d","mimeType":"application/json"},
             "accepts":[{"scheme":"exact","network":"eip155:137","amount":"99000000",
              "asset":"0x3c499c542cEF5E3811e1192ce70d8cC03d5c3359","payTo":"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
              "maxTimeoutSeconds":300,"extra":{"name":"USDC","version":"2"}}]}
            """;

    /** V2 with a v1 network name instead of CAIP-2 and no payTo. */
    static final String BROKEN_V2 = """
            {"x402Version":2,"resource":{"url":"https://smart402.io/contracts/x"},
             "accepts":[{"scheme":"exact","network":"polygon","amount":"99000000",
              "asset":"0x3c499c542cEF5E3811e1192ce70d8cC03d5c3359","maxTimeoutSeconds":300}]}
            """;

    static Report report;

    @BeforeAll
    static void runOnce() {
        // One node run for the whole class: loading solc dominates the cost.
        report = NodeConformance.get().check(
                List.of(
                        new SoliditySource("good", GOOD_SOLIDITY),
                        new SoliditySource("badType", BAD_SOLIDITY_TYPE),
                        new SoliditySource("badSyntax", BAD_SOLIDITY_SYNTAX),
                        new SoliditySource("good2", GOOD_SOLIDITY.replace("SaasSubscription", "Other"))),
                List.of(
                        X402Sample.of("exampleA", EXAMPLE_A_V1, V2),
                        X402Sample.of("brokenV1", BROKEN_V1_NO_PAY_TO, V2),
                        X402Sample.of("noV1", null, V2),
                        X402Sample.of("v1UnknownNetwork", V1_UNKNOWN_NETWORK, V2),
                        X402Sample.of("brokenV2", EXAMPLE_A_V1, BROKEN_V2)));
    }

    @Test
    void reportsTheReferenceCompilerVersion() {
        assertThat(report.compiler()).startsWith("0.8.30+");
    }

    @Test
    void validSolidityCompiles() {
        SolidityResult good = result("good");
        assertThat(good.ok()).as("%s", good.errors()).isTrue();
        assertThat(good.errors()).isEmpty();
        assertThat(result("good2").ok()).isTrue();
    }

    @Test
    void typeErrorIsReported() {
        SolidityResult bad = result("badType");
        assertThat(bad.ok()).isFalse();
        assertThat(bad.errors()).singleElement().asString().startsWith("TypeError").contains("uint256");
    }

    @Test
    void parserErrorIsReportedWithoutSpoilingTheOtherSources() {
        SolidityResult bad = result("badSyntax");
        assertThat(bad.ok()).isFalse();
        assertThat(bad.errors()).isNotEmpty().first().asString().startsWith("ParserError");
        // Batches with a failure are recompiled per source: the others keep their own verdicts.
        assertThat(result("badType").errors()).singleElement().asString().startsWith("TypeError");
        assertThat(result("good").ok()).isTrue();
    }

    @Test
    void singleSourceConvenience() {
        SolidityResult bad = NodeConformance.get().compileSolidity("solo", BAD_SOLIDITY_TYPE);
        assertThat(bad.name()).isEqualTo("solo");
        assertThat(bad.ok()).isFalse();
    }

    @Test
    void exampleAV1AndV2Pass() {
        X402Result a = x402("exampleA");
        assertThat(a.allOk()).as("%s", a.allErrors()).isTrue();
        assertThat(a.v1ok()).isTrue();
        assertThat(a.requirementsOk()).isTrue();
        assertThat(a.v2ok()).isTrue();
    }

    @Test
    void v1WithoutPayToFailsBothV1Checks() {
        X402Result broken = x402("brokenV1");
        assertThat(broken.v1ok()).isFalse();
        assertThat(broken.v1errors()).anySatisfy(e -> assertThat(e).startsWith("v1.accepts[0].payTo"));
        assertThat(broken.requirementsOk()).isFalse();
        assertThat(broken.requirementsErrors()).anySatisfy(e -> assertThat(e).startsWith("v1.accepts[0].payTo"));
        assertThat(broken.v2ok()).isTrue();
        assertThat(broken.allOk()).isFalse();
    }

    @Test
    void nullV1IsNotApplicable() {
        X402Result noV1 = x402("noV1");
        assertThat(noV1.v1ok()).isTrue();
        assertThat(noV1.requirementsOk()).isTrue();
        assertThat(noV1.allOk()).isTrue();
    }

    @Test
    void v1NetworkMustBeInTheX402NetworkEnum() {
        X402Result r = x402("v1UnknownNetwork");
        assertThat(r.v1ok()).as("@x402/core accepts any non-empty v1 network").isTrue();
        assertThat(r.requirementsOk()).isFalse();
        assertThat(r.requirementsErrors()).anySatisfy(e -> assertThat(e).startsWith("v1.accepts[0].network"));
    }

    @Test
    void brokenV2Fails() {
        X402Result r = x402("brokenV2");
        assertThat(r.v1ok()).isTrue();
        assertThat(r.v2ok()).isFalse();
        assertThat(r.v2errors())
                .anySatisfy(e -> assertThat(e).startsWith("v2.accepts[0].network").contains("CAIP-2"))
                .anySatisfy(e -> assertThat(e).startsWith("v2.accepts[0].payTo"));
    }

    @Test
    void reportAggregates() {
        assertThat(report.allOk()).isFalse();
        assertThat(report.solidity()).extracting(SolidityResult::name)
                .containsExactly("good", "badType", "badSyntax", "good2");
        assertThat(report.x402()).extracting(X402Result::name)
                .containsExactly("exampleA", "brokenV1", "noV1", "v1UnknownNetwork", "brokenV2");
    }

    private static SolidityResult result(String name) {
        return report.solidity().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }

    private static X402Result x402(String name) {
        return report.x402().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }
}
