package io.smart402.core.phase.scc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CommentTextTest {

    @Test
    void cannotCloseABlockComment() {
        assertThat(CommentText.sanitize("a */ b **/ c")).isEqualTo("a * / b ** / c").doesNotContain("*/");
    }

    @Test
    void staysOnOneLine() {
        assertThat(CommentText.sanitize("one\ntwo\r\nthree\tfour\u2028five")).isEqualTo("one two three four five");
    }

    @Test
    void escapesEverythingOutsidePrintableAscii() {
        assertThat(CommentText.sanitize("café 😀 \u202eevil")).isEqualTo("caf\\u{e9} \\u{1f600} \\u{202e}evil");
    }

    @Test
    void defusesNatSpecTags() {
        assertThat(CommentText.sanitize("billing@example.com @author x")).isEqualTo("billing(at)example.com (at)author x");
    }

    @Test
    void wrapsOnWordBoundaries() {
        assertThat(CommentText.wrap("aaa bbb ccc", 7)).containsExactly("aaa bbb", "ccc");
        assertThat(CommentText.wrap("averyveryverylongword x", 5)).containsExactly("averyveryverylongword", "x");
        assertThat(CommentText.wrap("", 5)).isEmpty();
    }
}
