package io.smart402.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/** Parsing limits and format errors are refused while reading, with the codes of spec §3. */
class ContractCodecTest {

    private static final ContractLimits LIMITS = new ContractLimits(4096, 8, 1000, 100);
    private final ContractCodec codec = new ContractCodec(LIMITS);

    private AbstractThrowableAssert<?, ? extends Throwable> assertRefused(byte[] body, String code) {
        return assertThatThrownBy(() -> codec.read(body))
                .isInstanceOf(ContractFormatException.class)
                .satisfies(e -> assertThat(((ContractFormatException) e).code()).isEqualTo(code));
    }

    private AbstractThrowableAssert<?, ? extends Throwable> assertRefused(String body, String code) {
        return assertRefused(body.getBytes(StandardCharsets.UTF_8), code);
    }

    @Test
    void refusesNestingDeeperThanTheLimit() {
        assertThat(codec.read("{\"a\":[[[[[[[1]]]]]]]}".getBytes(StandardCharsets.UTF_8))).isNotNull(); // depth 8
        assertRefused("{\"a\":[[[[[[[[1]]]]]]]]}", "E_LIMIT"); // depth 9
    }

    @Test
    void refusesAStringLongerThanTheLimit() {
        assertThat(codec.read(("{\"a\":\"" + "x".repeat(100) + "\"}").getBytes(StandardCharsets.UTF_8))).isNotNull();
        assertRefused("{\"a\":\"" + "x".repeat(101) + "\"}", "E_LIMIT");
        assertRefused("{\"a\":\"" + "x".repeat(3000) + "\"}", "E_LIMIT");
    }

    @Test
    void refusesABodyLargerThanTheLimitBeforeParsing() {
        String big = "{\"a\":[" + "1,".repeat(2100) + "1]}";
        assertRefused(big, "E_LIMIT").hasMessageContaining("max-bytes");
    }

    @Test
    void refusesAnOverlongNumber() {
        assertRefused("{\"a\":1" + "0".repeat(100) + "}", "E_LIMIT");
    }

    @Test
    void refusesInvalidUtf8() {
        byte[] body = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        assertRefused(body, "E_ENCODING");
        byte[] truncated = {'{', '"', 'a', '"', ':', '"', (byte) 0xE2, (byte) 0x82, '"', '}'};
        assertRefused(truncated, "E_ENCODING");
        byte[] stray = {'{', '"', 'a', '"', ':', '"', (byte) 0xFF, '"', '}'};
        assertRefused(stray, "E_ENCODING");
    }

    @Test
    void refusesMalformedJson() {
        assertRefused("{\"a\":", "E_JSON_MALFORMED");
        assertRefused("{\"a\":1,}", "E_JSON_MALFORMED");
        assertRefused("{'a':1}", "E_JSON_MALFORMED");
        assertRefused("{\"a\":NaN}", "E_JSON_MALFORMED");
        assertRefused("", "E_JSON_MALFORMED");
        assertRefused("   ", "E_JSON_MALFORMED");
    }

    @Test
    void refusesTrailingContent() {
        assertRefused("{\"a\":1} {\"b\":2}", "E_JSON_MALFORMED");
        assertRefused("{\"a\":1} x", "E_JSON_MALFORMED");
    }

    @Test
    void refusesDuplicateKeys() {
        assertRefused("{\"type\":\"saas\",\"type\":\"nda\"}", "E_JSON_MALFORMED").hasMessageContaining("type");
        assertRefused("{\"payment\":{\"amount\":1,\"amount\":2}}", "E_JSON_MALFORMED");
    }

    @Test
    void keepsNumbersExact() {
        JsonNode node = codec.read("{\"a\":99.00,\"b\":0.1,\"c\":123456789012345678901234567890.123456789}"
                .getBytes(StandardCharsets.UTF_8));

        assertThat(node.get("a").decimalValue()).isEqualTo(new BigDecimal("99.00"));
        assertThat(node.get("b").decimalValue()).isEqualTo(new BigDecimal("0.1"));
        assertThat(node.get("c").decimalValue()).isEqualTo(new BigDecimal("123456789012345678901234567890.123456789"));
    }

    @Test
    void readsUnicodeAndEscapes() {
        JsonNode node = codec.read("{\"a\":\"caf\u00e9 \\u2028 \\ud83d\\ude80 \u5408\u540c\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(node.get("a").textValue()).isEqualTo("café \u2028 🚀 合同");
    }
}
