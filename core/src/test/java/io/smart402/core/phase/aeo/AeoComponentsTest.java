package io.smart402.core.phase.aeo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.smart402.core.contract.Metadata;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AeoComponentsTest {

    @Test
    void semanticRelevanceIsZeroWithoutTokens() {
        assertThat(SemanticRelevance.of(List.of())).isZero();
    }

    @Test
    void semanticRelevanceDoublesDomainTermsAndCapsAtOne() {
        // payment: 2/2·2 = 2, fee: 1/2 → 2.5 / 3 tokens
        assertThat(SemanticRelevance.of(List.of("payment", "payment", "fee"))).isEqualTo(2.5 / 3);
        // payment: 1·2, fee: 1 → 3 / 2 tokens, capped at 1
        assertThat(SemanticRelevance.of(List.of("payment", "fee"))).isEqualTo(1.0);
        // a: 2/2, b: 1/2, c: 1/2 → 2 / 4 tokens
        assertThat(SemanticRelevance.of(List.of("a", "a", "b", "c"))).isEqualTo(0.5);
        // punctuation is kept, so "payment." is not a domain term
        assertThat(SemanticRelevance.of(List.of("payment.", "x", "x", "y"))).isEqualTo(0.5);
    }

    @Test
    void citationsAfterAsOfAreIgnoredAndAgesAreFractionalDays() {
        Instant asOf = Instant.parse("2025-02-01T00:00:00Z");
        Metadata m = metadata(asOf,
                List.of(Instant.parse("2025-01-31T12:00:00Z"), Instant.parse("2025-02-02T00:00:00Z")));

        assertThat(MetadataSignals.citationFrequency(m)).isCloseTo(Math.exp(-0.05) / 700, within(1e-15));
    }

    @Test
    void citationFrequencyNeedsAReferenceTime() {
        assertThat(MetadataSignals.citationFrequency(metadata(null, List.of(Instant.EPOCH)))).isZero();
    }

    @Test
    void freshnessWithoutDatesIsTheOriginalDefault() {
        assertThat(MetadataSignals.freshness(metadata(null, List.of()))).isCloseTo(0.952574, within(1e-6));
    }

    @Test
    void crossPlatformDeduplicatesCaseInsensitivelyAndCapsAtOne() {
        Metadata m = new Metadata(null, null, null, List.of(), List.of(), null, null, null, null,
                List.of("ChatGPT", "chatgpt", "claude", "Perplexity", "gemini", "other", "bing"),
                null, null, null, List.of(), false, 0, 0, false, false);

        assertThat(MetadataSignals.crossPlatform(m)).isEqualTo(1.0);
    }

    @Test
    void visibilityCountsKeywordsWithoutOverlap() {
        assertThat(Visibility.countNonOverlapping("aaaa", "aa")).isEqualTo(2);
        assertThat(Visibility.countNonOverlapping("contract, subcontract", "contract")).isEqualTo(2);
    }

    @Test
    void pythonTextSemantics() {
        assertThat(PyText.title("saas-subscription")).isEqualTo("Saas-Subscription");
        assertThat(PyText.title("one_TIME payment2x")).isEqualTo("One_Time Payment2X");
        assertThat(PyText.split(" a\u00a0b\tc\u2003 ")).containsExactly("a", "b", "c");
        assertThat(PyText.isUpper("USDC")).isTrue();
        assertThat(PyText.isUpper("99")).isFalse();
        assertThat(PyText.isUpper("A1")).isTrue();
        assertThat(PyText.isUpper("Ab")).isFalse();
        assertThat(PyText.length("a\uD83D\uDE00b")).isEqualTo(3);
        assertThat(PyText.prefix("a\uD83D\uDE00b", 2)).isEqualTo("a\uD83D\uDE00");
        assertThat(List.of("\uFF21", "\uD83D\uDE00", "a").stream().sorted(PyText.CODE_POINT_ORDER).toList())
                .containsExactly("a", "\uFF21", "\uD83D\uDE00");
    }

    @Test
    void moneyUsesGroupingAndTwoDecimals() {
        assertThat(ContentGenerator.money(new java.math.BigDecimal("1234567.005"))).isEqualTo("$1,234,567.01");
        assertThat(ContentGenerator.money(new java.math.BigDecimal("0.1"))).isEqualTo("$0.10");
    }

    private static Metadata metadata(Instant asOf, List<Instant> citations) {
        return new Metadata(null, null, null, List.of(), List.of(), null, null, null, null, List.of(),
                null, null, asOf, citations, false, 0, 0, false, false);
    }
}
