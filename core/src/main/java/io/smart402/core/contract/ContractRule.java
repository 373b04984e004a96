package io.smart402.core.contract;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One area of the spec §3 rules; reads the normalized document and reports into {@link Issues}. */
interface ContractRule {

    void check(ObjectNode contract, Issues issues);
}
