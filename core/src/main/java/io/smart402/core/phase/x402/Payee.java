package io.smart402.core.phase.x402;

import io.smart402.core.contract.CanonicalJson;
import io.smart402.core.contract.Contract;
import io.smart402.core.contract.Party;
import io.smart402.core.contract.Payment;

/**
 * The address that receives the payment (spec §1.6 "Payee resolution"): {@code payment.payTo}, the escrow
 * address of an escrowed payment, the payee-role party's wallet, the first party's wallet, and finally an
 * address derived from an identifier (flagged, since nobody holds its key).
 *
 * @param address          {@code 0x}-prefixed address
 * @param derivedFrom      the identifier the address was derived from, or null when it was given
 */
record Payee(String address, String derivedFrom) {

    boolean derived() {
        return derivedFrom != null;
    }

    static Payee of(Contract contract) {
        Payment payment = contract.payment();
        if (present(payment.payTo())) {
            return new Payee(payment.payTo(), null);
        }
        if (payment.escrow() && present(payment.escrowAddress())) {
            return new Payee(payment.escrowAddress(), null);
        }
        Party payee = contract.parties().stream()
                .filter(p -> contract.contractType().payeeRole().equals(p.role()))
                .findFirst().orElse(null);
        if (payee != null && present(payee.wallet())) {
            return new Payee(payee.wallet(), null);
        }
        Party first = contract.parties().get(0);
        if (present(first.wallet())) {
            return new Payee(first.wallet(), null);
        }
        // Derive from the payee's identifier when there is a payee party, else from the first party's.
        String identifier = (payee != null ? payee : first).identifier();
        return new Payee("0x" + CanonicalJson.sha256Hex(identifier).substring(0, 40), identifier);
    }

    private static boolean present(String address) {
        return address != null && !address.isEmpty();
    }
}
