package io.smart402.core.contract;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;

/**
 * RFC 8785 (JCS) canonical JSON and SHA-256 digests over it (spec §1.7).
 *
 * <p>Written by hand because no maintained JCS library is available from our registries; the rules are
 * short: keys sorted by UTF-16 code units, no whitespace, ECMAScript number form, minimal string escaping.
 */
public final class CanonicalJson {

    private static final HexFormat HEX = HexFormat.of();
    /**
     * One digest per thread: {@code MessageDigest.getInstance} searches the security providers on every call,
     * which cost more than hashing a short text, and a clone per digest still allocated its state each time
     * (about ten digests per contract). {@code digest} resets it after each use.
     */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(CanonicalJson::newSha256);

    /**
     * One text buffer per thread for the digests of contracts (two per contract read): a fresh builder per
     * digest was allocated and regrown each time. One grown past this many chars by a large contract is dropped.
     */
    private static final int KEPT_CHARS = 256 * 1024;
    private static final ThreadLocal<StringBuilder> TEXT = ThreadLocal.withInitial(() -> new StringBuilder(4096));

    private CanonicalJson() {
    }

    /** The canonical serialization of {@code node}. */
    public static String write(JsonNode node) {
        // Contracts are a few KB: starting there saves the builder's repeated doubling copies.
        StringBuilder out = new StringBuilder(4096);
        write(node, out);
        return out.toString();
    }

    /** SHA-256 hex of the canonical serialization of {@code node}. */
    public static String sha256(JsonNode node) {
        StringBuilder out = TEXT.get();
        try {
            write(node, out);
            return sha256Hex(out.toString());
        } finally {
            if (out.capacity() > KEPT_CHARS) {
                TEXT.set(new StringBuilder(4096));
            } else {
                out.setLength(0);
            }
        }
    }

    /** SHA-256 hex of the UTF-8 bytes of {@code text}. */
    public static String sha256Hex(String text) {
        return HEX.formatHex(sha256(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** SHA-256 of {@code bytes}. */
    public static byte[] sha256(byte[] bytes) {
        MessageDigest digest = SHA_256.get();
        digest.reset(); // digest() resets too; this also covers a use that ended before it
        return digest.digest(bytes);
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    private static void write(JsonNode node, StringBuilder out) {
        switch (node.getNodeType()) {
            case OBJECT -> {
                List<String> names = new ArrayList<>();
                for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                    names.add(it.next());
                }
                names.sort(null); // String.compareTo orders by UTF-16 code units, as JCS requires
                out.append('{');
                for (int i = 0; i < names.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    writeString(names.get(i), out);
                    out.append(':');
                    write(node.get(names.get(i)), out);
                }
                out.append('}');
            }
            case ARRAY -> {
                out.append('[');
                for (int i = 0; i < node.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    write(node.get(i), out);
                }
                out.append(']');
            }
            case STRING -> writeString(node.textValue(), out);
            case NUMBER -> out.append(number(node.decimalValue()));
            case BOOLEAN -> out.append(node.booleanValue());
            default -> out.append("null");
        }
    }

    /** ECMAScript {@code Number.prototype.toString} of the double nearest to {@code value}. */
    static String number(BigDecimal value) {
        double d = value.doubleValue();
        if (d == 0) {
            return "0";
        }
        if (Double.isInfinite(d)) {
            throw new IllegalArgumentException("number out of IEEE-754 range: " + value);
        }
        BigDecimal shortest = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
        String digits = shortest.unscaledValue().toString();
        int k = digits.length();
        int n = k - shortest.scale(); // value = 0.digits × 10^n
        StringBuilder out = new StringBuilder(24);
        if (d < 0) {
            out.append('-');
        }
        if (k <= n && n <= 21) {
            out.append(digits).append("0".repeat(n - k));
        } else if (0 < n && n <= 21) {
            out.append(digits, 0, n).append('.').append(digits, n, k);
        } else if (-6 < n && n <= 0) {
            out.append("0.").append("0".repeat(-n)).append(digits);
        } else {
            out.append(digits.charAt(0));
            if (k > 1) {
                out.append('.').append(digits, 1, k);
            }
            int e = n - 1;
            out.append('e').append(e < 0 ? "-" : "+").append(Math.abs(e));
        }
        return out.toString();
    }

    private static void writeString(String s, StringBuilder out) {
        out.append('"');
        int plain = 0; // start of the run of characters written as they are, appended in one call
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            out.append(s, plain, i);
            plain = i + 1;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(String.format("\\u%04x", (int) c));
            }
        }
        out.append(s, plain, s.length());
        out.append('"');
    }
}
