package io.smart402.core.contract;

import java.math.BigDecimal;
import java.math.BigInteger;

/** Atomic-unit conversion of token amounts (spec §1.3 decimals: USDC/USDT 6, every other token 18). */
public final class Tokens {

    /** Decimals of any token not in {@link ContractVocabulary#KNOWN_TOKENS}: the ERC-20 default. */
    public static final int CUSTOM_DECIMALS = 18;

    private Tokens() {
    }

    /** The decimals of {@code token} (a symbol such as {@code USDC}). */
    public static int decimals(String token) {
        return ContractVocabulary.KNOWN_TOKENS.getOrDefault(token, CUSTOM_DECIMALS);
    }

    /**
     * {@code amount × 10^decimals(token)}, exactly.
     *
     * @throws ArithmeticException when the amount has more fraction digits than the token allows, which
     *                             validation ({@code E_AMOUNT_PRECISION}, {@code E_MILESTONES}) rules out
     */
    public static BigInteger atomic(BigDecimal amount, String token) {
        return amount.movePointRight(decimals(token)).toBigIntegerExact();
    }
}
