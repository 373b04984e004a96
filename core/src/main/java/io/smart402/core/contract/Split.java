package io.smart402.core.contract;

import java.math.BigDecimal;

/** One payout share of {@code payment.splits}: a party identifier and its percentage. */
public record Split(String party, BigDecimal percentage) {
}
