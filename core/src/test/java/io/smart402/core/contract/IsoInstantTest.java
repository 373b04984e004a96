package io.smart402.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IsoInstantTest {

    @Test
    void everySecondPrecisionUtcFormEqualsInstantParse() {
        Random random = new Random(402);
        for (int k = 0; k < 20_000; k++) {
            String text = String.format("%04d-%02d-%02dT%02d:%02d:%02dZ", random.nextInt(10_000),
                    1 + random.nextInt(12), 1 + random.nextInt(31), random.nextInt(24), random.nextInt(60),
                    random.nextInt(60));
            Instant expected;
            try {
                expected = Instant.parse(text);
            } catch (DateTimeParseException e) {
                assertThatThrownBy(() -> IsoInstant.parse(text)).as(text).isInstanceOf(DateTimeParseException.class);
                continue;
            }
            assertThat(IsoInstant.parse(text)).as(text).isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-02-29T23:59:59Z", "2023-02-29T00:00:00Z", "2024-04-31T00:00:00Z",
            "2024-01-01T24:00:00Z", "2024-01-01T23:60:00Z", "2016-12-31T23:59:60Z", "2024-01-01T00:00:00.5Z",
            "2024-01-01T00:00:00+01:00", "2024-01-01 00:00:00Z", "2024-1-01T00:00:00Z", "+2024-01-01T00:00:00Z",
            "2024-01-01T00:00:0xZ", "0000-01-01T00:00:00Z", "abcd-01-01T00:00:00Z", "2024-01-01T00:00:00z"})
    void edgeFormsBehaveExactlyAsInstantParse(String text) {
        Instant expected;
        try {
            expected = Instant.parse(text);
        } catch (DateTimeParseException e) {
            assertThatThrownBy(() -> IsoInstant.parse(text)).isInstanceOf(DateTimeParseException.class);
            return;
        }
        assertThat(IsoInstant.parse(text)).isEqualTo(expected);
    }
}
