package io.smart402.core.phase.aeo;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link ContentGenerator#money} prints exactly what {@code String.format(Locale.US, "$%,.2f")} printed before it. */
class ContentGeneratorMoneyTest {

    private static String formatter(BigDecimal amount) {
        return "$" + String.format(Locale.US, "%,.2f", amount);
    }

    @Test
    void edgeCasesMatchTheFormatter() {
        List<String> cases = List.of("0", "0.00", "-0.001", "-0.005", "0.005", "0.004999", "2.665", "2.675", "-2.665",
                "999.995", "999.994", "1000", "1E+3", "1E+7", "-1234567.891", "12345678901234567890.125", "0.1",
                "7", "-7", "100000", "99999.999", "4181.14", "1.005", "0.0000001", "-0.0000001", "123456.5E-2");
        for (String text : cases) {
            BigDecimal amount = new BigDecimal(text);
            assertThat(ContentGenerator.money(amount)).as(text).isEqualTo(formatter(amount));
        }
    }

    @Test
    void randomAmountsOfEveryScaleMatchTheFormatter() {
        Random random = new Random(402);
        List<BigDecimal> amounts = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            BigInteger unscaled = new BigInteger(1 + random.nextInt(70), random);
            BigDecimal amount = new BigDecimal(random.nextBoolean() ? unscaled : unscaled.negate(), random.nextInt(14) - 4);
            amounts.add(amount);
        }
        for (BigDecimal amount : amounts) {
            assertThat(ContentGenerator.money(amount)).as(amount.toString()).isEqualTo(formatter(amount));
        }
    }
}
