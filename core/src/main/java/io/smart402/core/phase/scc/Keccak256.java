package io.smart402.core.phase.scc;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.bouncycastle.crypto.digests.KeccakDigest;

/**
 * Ethereum's Keccak-256 (the original Keccak padding, not FIPS-202 SHA3-256, which the JDK ships). Uses the
 * BouncyCastle digest directly rather than the JCA provider so nothing is registered process-wide.
 */
final class Keccak256 {

    private static final HexFormat HEX = HexFormat.of();

    private Keccak256() {
    }

    /**
     * One digest per thread: a digest's state (25 longs and a 192-byte queue) was allocated for every selector,
     * event topic, condition id and checksum, about fifteen per contract. Reset before each use.
     */
    private static final ThreadLocal<KeccakDigest> DIGESTS = ThreadLocal.withInitial(() -> new KeccakDigest(256));

    static byte[] digest(byte[] input) {
        KeccakDigest digest = DIGESTS.get();
        digest.reset(); // doFinal resets too; this also covers a use that ended before it
        digest.update(input, 0, input.length);
        byte[] out = new byte[32];
        digest.doFinal(out, 0);
        return out;
    }

    /** Lower-case hex of the Keccak-256 of the UTF-8 bytes of {@code text}, without {@code 0x}. */
    static String hex(String text) {
        return HEX.formatHex(digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** The ABI function selector of a canonical signature such as {@code transfer(address,uint256)}: {@code 0x} + 8 hex. */
    static String selector(String signature) {
        return "0x" + hex(signature).substring(0, 8);
    }
}
