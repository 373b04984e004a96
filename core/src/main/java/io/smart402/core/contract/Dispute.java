package io.smart402.core.contract;

import java.util.List;

/** Dispute resolution terms: method multisig, arbitrator or dao_vote. {@code requiredSignatures} may be null. */
public record Dispute(String method, Integer requiredSignatures, List<String> signers) {

    public Dispute {
        signers = List.copyOf(signers);
    }
}
