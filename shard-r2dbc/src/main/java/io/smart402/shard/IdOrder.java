package io.smart402.shard;

import java.util.Comparator;

/**
 * The one order of contract ids that every part of the storage layer agrees on: Unicode code point order, which
 * is the byte order of UTF-8 and PostgreSQL's {@code "C"} collation. Range placement, scatter-gather merging and
 * cursors, and repair chunks all compare ids this way, in Java and in SQL alike ({@code String.compareTo}
 * compares UTF-16 units and differs for characters above U+FFFF).
 */
public final class IdOrder {

    /** Compares two ids by code point. */
    public static final Comparator<String> COMPARATOR = IdOrder::compare;

    private IdOrder() {
    }

    public static int compare(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                // Surrogates (U+D800..U+DFFF) encode code points above U+FFFF, which sort after every BMP char.
                if (Character.isSurrogate(x) != Character.isSurrogate(y)) {
                    return Character.isSurrogate(x) ? 1 : -1;
                }
                return x - y;
            }
        }
        return a.length() - b.length();
    }
}
