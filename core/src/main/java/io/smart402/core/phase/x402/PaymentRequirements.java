package io.smart402.core.phase.x402;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;

/**
 * The real x402 protocol objects (spec §2.4): {@code PaymentRequired} v1 (HTTP 402 body) and v2 (sent Base64 in
 * the {@code PAYMENT-REQUIRED} header), scheme {@code exact}. Members are inserted in the order the spec lists
 * them, so the compact JSON, and therefore the header, is byte-stable.
 */
final class PaymentRequirements {

    static final String SCHEME = "exact";
    static final String MIME_TYPE = "application/json";
    /** The repo spec's 5-minute replay window. */
    static final int MAX_TIMEOUT_SECONDS = 300;
    static final String V1_ERROR = "X-PAYMENT header is required";
    static final String V2_ERROR = "PAYMENT-SIGNATURE header is required";

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
    private static final ObjectMapper COMPACT = JsonMapper.builder().build();

    /**
     * What both versions share.
     *
     * @param asset token contract address, or the token symbol when none is known
     * @param extra the EIP-712 domain of the asset, or null
     */
    record Offer(Network network, PaymentUnit unit, String asset, String payTo, ObjectNode extra) {
    }

    private PaymentRequirements() {
    }

    /** The v1 {@code PaymentRequirementsResponse}, or null when the network has no v1 name. */
    static ObjectNode v1(Offer offer) {
        if (offer.network().v1Name().isEmpty()) {
            return null;
        }
        ObjectNode root = NODES.objectNode();
        root.put("x402Version", 1);
        root.put("error", V1_ERROR);
        ObjectNode accepts = root.putArray("accepts").addObject();
        accepts.put("scheme", SCHEME);
        accepts.put("network", offer.network().v1Name().get());
        accepts.put("maxAmountRequired", offer.unit().atomic().toString());
        accepts.put("asset", offer.asset());
        accepts.put("payTo", offer.payTo());
        accepts.put("resource", offer.unit().resource());
        accepts.put("description", offer.unit().description());
        accepts.put("mimeType", MIME_TYPE);
        // outputSchema is left out: the reference schema rejects null and there is nothing to describe.
        accepts.put("maxTimeoutSeconds", MAX_TIMEOUT_SECONDS);
        if (offer.extra() != null) {
            accepts.set("extra", offer.extra().deepCopy());
        }
        return root;
    }

    static ObjectNode v2(Offer offer) {
        ObjectNode root = NODES.objectNode();
        root.put("x402Version", 2);
        root.put("error", V2_ERROR);
        root.putObject("resource")
                .put("url", offer.unit().resource())
                .put("description", offer.unit().description())
                .put("mimeType", MIME_TYPE);
        ObjectNode accepts = root.putArray("accepts").addObject();
        accepts.put("scheme", SCHEME);
        accepts.put("network", offer.network().v2Name());
        accepts.put("amount", offer.unit().atomic().toString());
        accepts.put("asset", offer.asset());
        accepts.put("payTo", offer.payTo());
        accepts.put("maxTimeoutSeconds", MAX_TIMEOUT_SECONDS);
        if (offer.extra() != null) {
            accepts.set("extra", offer.extra().deepCopy());
        }
        return root;
    }

    /** The {@code PAYMENT-REQUIRED} header value: standard Base64 (padded) of the compact v2 JSON. */
    static String header(ObjectNode v2) {
        try {
            return Base64.getEncoder().encodeToString(COMPACT.writeValueAsBytes(v2));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an ObjectNode always serializes", e);
        }
    }
}
