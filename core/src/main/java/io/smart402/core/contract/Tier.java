package io.smart402.core.contract;

import java.math.BigDecimal;

/** One commission tier of {@code payment.tiers}. */
public record Tier(BigDecimal threshold, BigDecimal rate) {
}
