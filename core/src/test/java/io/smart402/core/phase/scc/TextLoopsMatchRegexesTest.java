package io.smart402.core.phase.scc;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.Normalizer;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The hand-written loops of {@link CommentText#sanitize}, {@link SolidityNames#fold} and
 * {@link SolidityWriter#contractName(String)} against the regex
 * pipelines they replaced (kept here as the reference), on random text full of the cases that matter: runs of
 * spaces and underscores, star-slash, at signs, controls, non-ASCII whitespace, accents and surrogate pairs.
 */
class TextLoopsMatchRegexesTest {

    private static final String[] PIECES = {"a", "Z", "7", " ", "  ", "*", "/", "*/", "@", "_", "__", "-", ".", "\t",
            "\n", "\r", "\u007f", "\u0085", "\u00a0", "\u2003", "é", "É", "ß", "ﬁ", "😀", "\u0301", "\ud800", "x y"};

    private static String randomText(Random random) {
        StringBuilder text = new StringBuilder();
        int pieces = random.nextInt(12);
        for (int i = 0; i < pieces; i++) {
            text.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return text.toString();
    }

    private static final Pattern SPACE_RUNS = Pattern.compile(" {2,}");

    /** CommentText.sanitize as it was: map each code point, then replace, collapse and trim. */
    private static String referenceSanitize(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '@') {
                out.append("(at)");
            } else if (cp >= 0x20 && cp < 0x7f) {
                out.append((char) cp);
            } else if (Character.isWhitespace(cp) || Character.isISOControl(cp)) {
                out.append(' ');
            } else {
                out.append("\\u{").append(Integer.toHexString(cp)).append('}');
            }
        }
        return SPACE_RUNS.matcher(out.toString().replace("*/", "* /")).replaceAll(" ").trim();
    }

    private static final Pattern COMBINING_MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern NOT_IDENTIFIER = Pattern.compile("[^A-Za-z0-9_]+");
    private static final Pattern UNDERSCORES = Pattern.compile("_{2,}");

    /** The folding regexes of SolidityNames.fold before its trimming and length cut. */
    private static String referenceRuns(String text) {
        String ascii = COMBINING_MARKS.matcher(Normalizer.normalize(text, Normalizer.Form.NFKD)).replaceAll("");
        return UNDERSCORES.matcher(NOT_IDENTIFIER.matcher(ascii).replaceAll("_")).replaceAll("_");
    }

    private static String trimUnderscores(String name) {
        return name.replaceAll("^_+|_+$", "");
    }

    @Test
    void sanitizeMatchesTheRegexPipeline() {
        Random random = new Random(402);
        for (int i = 0; i < 50_000; i++) {
            String text = randomText(random);
            assertThat(CommentText.sanitize(text)).as("%s", text).isEqualTo(referenceSanitize(text));
        }
    }

    private static final Pattern NOT_ALPHANUMERIC = Pattern.compile("[^A-Za-z0-9]+");

    /** SolidityWriter.contractName as it was, over a canonical type. */
    private static String referenceContractName(String type) {
        StringBuilder name = new StringBuilder();
        for (String part : NOT_ALPHANUMERIC.split(type)) {
            if (!part.isEmpty()) {
                name.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return name + "Contract";
    }

    @Test
    void contractNameMatchesTheSplit() {
        Random random = new Random(404);
        for (int i = 0; i < 20_000; i++) {
            String type = randomText(random);
            assertThat(SolidityWriter.contractName(type)).as("%s", type).isEqualTo(referenceContractName(type));
        }
    }

    @Test
    void foldMatchesTheRegexPipeline() {
        Random random = new Random(403);
        for (int i = 0; i < 50_000; i++) {
            String text = randomText(random);
            String expected = trimUnderscores(referenceRuns(text));
            if (expected.length() > 64) {
                continue; // the length cut is the same code either way
            }
            assertThat(SolidityNames.fold(text)).as("%s", text).isEqualTo(expected);
        }
    }
}
