package io.smart402.core.phase.scc;

import java.util.Locale;

/**
 * EIP-55 mixed-case checksum addresses: solc rejects an address literal whose checksum is wrong, and user
 * wallets arrive in any case.
 */
final class Eip55 {

    private Eip55() {
    }

    /** The checksummed form of a {@code 0x} + 40 hex address. */
    static String checksum(String address) {
        String lower = address.substring(2).toLowerCase(Locale.ROOT);
        String hash = Keccak256.hex(lower);
        StringBuilder out = new StringBuilder(42).append("0x");
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            boolean upper = c >= 'a' && Character.digit(hash.charAt(i), 16) >= 8;
            out.append(upper ? Character.toUpperCase(c) : c);
        }
        return out.toString();
    }
}
