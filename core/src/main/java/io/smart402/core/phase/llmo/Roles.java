package io.smart402.core.phase.llmo;

import io.smart402.core.contract.Contract;
import io.smart402.core.contract.Party;
import java.util.List;

/**
 * Who is paid and who pays (spec §1.6): the first party holding the type's payee (payer) role; without one the
 * payee is {@code parties[0]}, as in payTo resolution, and the payer the first other party.
 *
 * @param payee may be null only for a contract without parties
 * @param payer may be null when no other party exists
 */
record Roles(Party payee, Party payer) {

    static Roles of(Contract contract) {
        List<Party> parties = contract.parties();
        Party byRole = withRole(parties, contract.contractType().payeeRole(), null);
        Party payee = byRole != null || parties.isEmpty() ? byRole : parties.get(0);
        Party payer = withRole(parties, contract.contractType().payerRole(), payee);
        if (payer == null) {
            payer = withRole(parties, null, payee);
        }
        return new Roles(payee, payer);
    }

    String payeeId() {
        return payee == null ? "" : payee.identifier();
    }

    String payerId() {
        return payer == null ? "" : payer.identifier();
    }

    /** The first party other than {@code except} with {@code role}, or with any role when {@code role} is null. */
    private static Party withRole(List<Party> parties, String role, Party except) {
        for (Party party : parties) {
            if (party != except && (role == null || role.equals(party.role()))) {
                return party;
            }
        }
        return null;
    }
}
