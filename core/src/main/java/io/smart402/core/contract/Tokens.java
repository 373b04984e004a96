package io.smart402.core.contract;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Token decimals and atomic-unit conversion (spec §1.3: USDC/USDT 6, DAI/ETH/MATIC 18, custom ERC-20 18). */
public final class Tokens {

    /** Decimals of any token not listed: custom ERC-20 tokens are assumed to use the ERC-20 default. */
    public static final int CUSTOM_DECIMALS = 18;

    private static final Map<String, Integer> DECIMALS = Map.of(
            "USDC", 6,
            "USDT", 6,
            "DAI", 18,
            "ETH", 18,
            "MATIC", 18);

    private Tokens() {
    }

    /** The decimals of {@code token} (a symbol such as {@code USDC}). */
    public static int decimals(String token) {
        return DECIMALS.getOrDefault(token, CUSTOM_DECIMALS);
    }

    /** Whether {@code token} is one of the listed tokens rather than a custom ERC-20. */
    public static boolean isKnown(String token) {
        return DECIMALS.containsKey(token);
    }

    /**
     * {@code amount × 10^decimals(token)}, exactly.
     *
     * @throws ArithmeticException when the amount has more fraction digits than the token allows, which
     *                             validation ({@code E_AMOUNT_PRECISION}) rules out for valid contracts
     */
    public static BigInteger atomic(BigDecimal amount, String token) {
        return amount.movePointRight(decimals(token)).toBigIntegerExact();
    }

    /**
     * Atomic amounts of parts of a payment (milestones): each part rounded down, the last part taking the
     * remainder so the parts always add up to the atomic total. Validation only guarantees the precision of
     * {@code payment.amount}, so a single part may carry more fraction digits than the token has.
     */
    public static List<BigInteger> atomicParts(List<BigDecimal> parts, String token) {
        int decimals = decimals(token);
        BigDecimal sum = BigDecimal.ZERO;
        List<BigInteger> out = new ArrayList<>(parts.size());
        BigInteger allocated = BigInteger.ZERO;
        for (int i = 0; i < parts.size(); i++) {
            BigDecimal amount = parts.get(i) == null ? BigDecimal.ZERO : parts.get(i);
            sum = sum.add(amount);
            if (i == parts.size() - 1) {
                out.add(sum.movePointRight(decimals).setScale(0, RoundingMode.DOWN).toBigInteger().subtract(allocated));
            } else {
                BigInteger part = amount.movePointRight(decimals).setScale(0, RoundingMode.DOWN).toBigInteger();
                allocated = allocated.add(part);
                out.add(part);
            }
        }
        return out;
    }
}
