package io.smart402.server.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AccessLogTest {

    @Test
    void durationIsMillisecondsWithThreeDecimals() {
        assertThat(AccessLog.millis(1_234_567)).isEqualTo("1.234");
        assertThat(AccessLog.millis(5_000)).isEqualTo("0.005");
        assertThat(AccessLog.millis(12_000_000_000L)).isEqualTo("12000.000");
        assertThat(AccessLog.millis(0)).isEqualTo("0.000");
    }
}
