package io.smart402.core.phase.x402;

import io.smart402.core.contract.Split;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * How a split payment is shared out after settlement (spec §2.4): the x402 {@code exact} scheme pays exactly
 * one {@code payTo}, so the shares are a plan, not requirements. Each share is floor(total·pct/100); the
 * rounding remainder goes to the first entry.
 */
final class SplitPlan {

    record Share(String party, BigDecimal percentage, BigInteger atomic) {
    }

    private SplitPlan() {
    }

    static List<Share> of(List<Split> splits, BigInteger totalAtomic) {
        List<BigInteger> amounts = new ArrayList<>(splits.size());
        BigInteger allocated = BigInteger.ZERO;
        for (Split split : splits) {
            BigInteger share = new BigDecimal(totalAtomic).multiply(split.percentage())
                    .divide(BigDecimal.valueOf(100), 0, RoundingMode.FLOOR).toBigInteger();
            amounts.add(share);
            allocated = allocated.add(share);
        }
        if (!amounts.isEmpty()) {
            amounts.set(0, amounts.get(0).add(totalAtomic.subtract(allocated)));
        }
        List<Share> out = new ArrayList<>(splits.size());
        for (int i = 0; i < splits.size(); i++) {
            out.add(new Share(splits.get(i).party(), splits.get(i).percentage(), amounts.get(i)));
        }
        return out;
    }
}
