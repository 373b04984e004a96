package io.smart402.shard.ring;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The ring's hash function: MD5 of the UTF-8 bytes, read as an unsigned 128-bit big-endian number. */
final class Md5Hash {

    // MessageDigest is not thread-safe and getInstance costs more than the digest of a short key.
    private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(Md5Hash::newDigest);

    private Md5Hash() {}

    /** Fills {@code out[0]} with the high 64 bits and {@code out[1]} with the low 64 bits of the hash of {@code s}. */
    static void hash(String s, long[] out) {
        byte[] d = DIGEST.get().digest(s.getBytes(StandardCharsets.UTF_8));
        out[0] = bigEndianLong(d, 0);
        out[1] = bigEndianLong(d, 8);
    }

    /** Orders two 128-bit values given as (high, low) pairs, both halves unsigned. */
    static int compare(long aHigh, long aLow, long bHigh, long bLow) {
        int c = Long.compareUnsigned(aHigh, bHigh);
        return c != 0 ? c : Long.compareUnsigned(aLow, bLow);
    }

    private static long bigEndianLong(byte[] b, int from) {
        long v = 0;
        for (int i = from; i < from + 8; i++) {
            v = (v << 8) | (b[i] & 0xFFL);
        }
        return v;
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            // Every Java SE platform must provide MD5, so this is a broken JDK rather than a recoverable state.
            throw new IllegalStateException("MD5 is not available in this JDK", e);
        }
    }
}
