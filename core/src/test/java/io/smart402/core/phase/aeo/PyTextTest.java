package io.smart402.core.phase.aeo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PyTextTest {

    // Letters whose lower case is context-dependent or longer (final sigma, dotted I), every ASCII and Unicode
    // space PyText splits on, and characters around them that are not spaces.
    private static final int[] ALPHABET = {'a', 'B', 'z', '.', '7', 'Σ', 'σ', 'İ', 'É', 0x1F600, ' ', '\t', '\n',
            0x0b, 0x0c, '\r', 0x1c, 0x1f, 0x85, 0xa0, 0x2007, 0x3000, 0x200b, 0x1b, '_'};

    @Test
    void asciiWhitespaceIsTheGeneralDefinition() {
        for (int cp = 0; cp < 0x80; cp++) {
            boolean general = Character.isWhitespace(cp) || Character.isSpaceChar(cp);
            assertThat(PyText.isWhitespace(cp)).as("U+%04X", cp).isEqualTo(general);
        }
    }

    @Test
    void boundedSplitsArePrefixesOfTheFullSplitOfTheLowerCasedText() {
        Random random = new Random(15);
        for (int round = 0; round < 3_000; round++) {
            String text = randomText(random, random.nextInt(60));
            List<String> full = unboundedSplit(text);
            List<String> lowerFull = unboundedSplit(text.toLowerCase(Locale.ROOT));
            for (int limit : new int[] {0, 1, 2, 3, 5, 8, 1_000}) {
                assertThat(PyText.split(text, limit)).isEqualTo(full.subList(0, Math.min(limit, full.size())));
                assertThat(PyText.splitLower(text, limit))
                        .as("%s limit %d", text, limit)
                        .isEqualTo(lowerFull.subList(0, Math.min(limit, lowerFull.size())));
            }
            assertThat(PyText.split(text)).isEqualTo(full);
        }
    }

    private static String randomText(Random random, int length) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            out.appendCodePoint(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return out.toString();
    }

    /** Python's split() written the plain way, with the general whitespace definition. */
    private static List<String> unboundedSplit(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder piece = new StringBuilder();
        text.codePoints().forEach(cp -> {
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp) || cp == 0x85) {
                if (piece.length() > 0) {
                    out.add(piece.toString());
                    piece.setLength(0);
                }
            } else {
                piece.appendCodePoint(cp);
            }
        });
        if (piece.length() > 0) {
            out.add(piece.toString());
        }
        return out;
    }
}
