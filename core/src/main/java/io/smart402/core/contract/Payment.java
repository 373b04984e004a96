package io.smart402.core.contract;

import java.math.BigDecimal;
import java.util.List;

/**
 * The normalized payment terms (spec §1.3). Defaults are already applied by the normalizer.
 *
 * @param amount           exact amount in token units
 * @param dayOfMonth       day of a monthly payment, 0 when not monthly
 * @param escrowAddress    may be null
 * @param payTo            explicit payee address, may be null
 * @param structure        payment structure, may be null
 */
public record Payment(BigDecimal amount, String currency, String token, String blockchain, String sourceBlockchain,
                      String frequency, int dayOfMonth, boolean escrow, String escrowAddress, String payTo,
                      List<Split> splits, String structure, List<Tier> tiers) {

    public Payment {
        splits = List.copyOf(splits);
        tiers = List.copyOf(tiers);
    }
}
