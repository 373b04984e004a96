package io.smart402.shard.ring;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The hash function of every placement decision: MD5 of the UTF-8 bytes, read as an unsigned 128-bit big-endian
 * number (the ring's points and keys, and the {@code hash} strategy's modulus).
 */
public final class Md5Hash {

    // MessageDigest is not thread-safe and getInstance costs more than the digest of a short key.
    private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(Md5Hash::newDigest);

    private Md5Hash() {}

    /** Fills {@code out[0]} with the high 64 bits and {@code out[1]} with the low 64 bits of the hash of {@code s}. */
    static void hash(String s, long[] out) {
        byte[] d = DIGEST.get().digest(s.getBytes(StandardCharsets.UTF_8));
        out[0] = bigEndianLong(d, 0);
        out[1] = bigEndianLong(d, 8);
    }

    /**
     * The hash of {@code s} modulo {@code n}, as Python's {@code int(md5(s).hexdigest(), 16) % n}: the original
     * {@code ShardManager}'s HASH strategy.
     */
    public static int mod(String s, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("modulus must be >= 1, was " + n);
        }
        long[] h = new long[2];
        hash(s, h);
        // (high * 2^64 + low) mod n, with every intermediate below n^2 < 2^62.
        long twoTo64 = (Long.remainderUnsigned(-1L, n) + 1) % n;
        long high = Long.remainderUnsigned(h[0], n);
        long low = Long.remainderUnsigned(h[1], n);
        return (int) ((high * twoTo64 % n + low) % n);
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
