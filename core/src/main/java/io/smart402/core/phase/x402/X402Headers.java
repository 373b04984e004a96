package io.smart402.core.phase.x402;

import io.smart402.core.contract.CanonicalJson;
import io.smart402.core.contract.Condition;
import io.smart402.core.contract.Contract;
import io.smart402.core.contract.Dispute;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The project's own {@code X402-*} headers (spec §2.4, names from the repo's framework/specs/x402 §2). The
 * nonce and signature are digests of the contract, not secrets: the signature is a placeholder for the
 * ECDSA signature a payer would attach.
 */
final class X402Headers {

    static final String CONTRACT_ID = "X402-Contract-ID";
    static final String PAYMENT_AMOUNT = "X402-Payment-Amount";
    static final String PAYMENT_TOKEN = "X402-Payment-Token";
    static final String SETTLEMENT_NETWORK = "X402-Settlement-Network";
    static final String SETTLEMENT_ADDRESS = "X402-Settlement-Address";
    static final String CONDITIONS_MET = "X402-Conditions-Met";
    static final String PAYMENT_FREQUENCY = "X402-Payment-Frequency";
    static final String DISPUTE_RESOLUTION = "X402-Dispute-Resolution";
    static final String NONCE = "X402-Nonce";
    static final String SIGNATURE = "X402-Signature";
    static final String ORACLE_CONFIRMATIONS = "X402-Oracle-Confirmations";

    /** The headers the repo's framework spec marks "Required: Yes" (the signature only for execution). */
    static final List<String> REQUIRED = List.of(CONTRACT_ID, PAYMENT_AMOUNT, PAYMENT_TOKEN, SETTLEMENT_NETWORK,
            SETTLEMENT_ADDRESS, CONDITIONS_MET);

    private X402Headers() {
    }

    static Map<String, String> of(Contract contract, Network network, String payTo) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(CONTRACT_ID, contract.id());
        headers.put(PAYMENT_AMOUNT, amount(contract.payment().amount()));
        headers.put(PAYMENT_TOKEN, contract.payment().token());
        headers.put(SETTLEMENT_NETWORK, network.displayName());
        headers.put(SETTLEMENT_ADDRESS, payTo);
        // No oracle data exists at processing time, so only a contract without required conditions is met.
        boolean conditionsMet = contract.conditions().stream().noneMatch(Condition::required);
        headers.put(CONDITIONS_MET, String.valueOf(conditionsMet));
        headers.put(PAYMENT_FREQUENCY, contract.payment().frequency());
        contract.dispute().flatMap(d -> dispute(d, contract.parties().size()))
                .ifPresent(v -> headers.put(DISPUTE_RESOLUTION, v));
        headers.put(NONCE, CanonicalJson.sha256Hex(contract.digest() + ":nonce").substring(0, 32));
        headers.put(SIGNATURE, "0x" + CanonicalJson.sha256Hex(signedText(headers)));
        if (conditionsMet) {
            // Met vacuously: no oracle had anything to confirm, so the list is empty.
            headers.put(ORACLE_CONFIRMATIONS, "");
        }
        return headers;
    }

    /** The {@code name:value} lines of every header so far, joined by LF: what the signature covers. */
    static String signedText(Map<String, String> headers) {
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (text.length() > 0) {
                text.append('\n');
            }
            text.append(header.getKey()).append(':').append(header.getValue());
        }
        return text.toString();
    }

    /** Plain decimal with at least two fraction digits: {@code 99.00}, {@code 0.10}, {@code 1.2345}. */
    static String amount(BigDecimal amount) {
        BigDecimal stripped = amount.stripTrailingZeros();
        return (stripped.scale() < 2 ? stripped.setScale(2) : stripped).toPlainString();
    }

    static Optional<String> dispute(Dispute dispute, int parties) {
        if (dispute.method() == null) {
            return Optional.empty();
        }
        return Optional.of(switch (dispute.method()) {
            case "multisig" -> {
                int n = dispute.signers().isEmpty() ? parties : dispute.signers().size();
                // Without requiredSignatures a simple majority of the signers is assumed.
                int m = dispute.requiredSignatures() != null ? dispute.requiredSignatures() : n / 2 + 1;
                yield "multisig-" + m + "-of-" + n;
            }
            case "dao_vote" -> "dao-vote";
            default -> dispute.method().replace('_', '-');
        });
    }
}
