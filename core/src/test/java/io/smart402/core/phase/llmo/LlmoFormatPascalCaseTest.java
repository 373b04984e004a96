package io.smart402.core.phase.llmo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@link LlmoFormat#pascalCase}'s loop against the {@code Pattern.split} version it replaced. */
class LlmoFormatPascalCaseTest {

    private static final Pattern TYPE_SEPARATOR = Pattern.compile("[-_]");
    private static final String[] PIECES = {"a", "b", "Z", "7", "-", "_", "--", "_-", "é", "ß", "ǆ", "😀", " ", "."};

    private static String reference(String canonicalType) {
        StringBuilder out = new StringBuilder(canonicalType.length());
        for (String part : TYPE_SEPARATOR.split(canonicalType)) {
            if (!part.isEmpty()) {
                out.appendCodePoint(Character.toUpperCase(part.codePointAt(0)))
                        .append(part, Character.charCount(part.codePointAt(0)), part.length());
            }
        }
        return out.toString();
    }

    @Test
    void matchesTheSplitOnRandomTypes() {
        Random random = new Random(405);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder type = new StringBuilder();
            int pieces = random.nextInt(10);
            for (int k = 0; k < pieces; k++) {
                type.append(PIECES[random.nextInt(PIECES.length)]);
            }
            String text = type.toString();
            assertThat(LlmoFormat.pascalCase(text)).as("%s", text).isEqualTo(reference(text));
        }
        assertThat(LlmoFormat.pascalCase("saas-subscription_plan")).isEqualTo("SaasSubscriptionPlan");
    }
}
