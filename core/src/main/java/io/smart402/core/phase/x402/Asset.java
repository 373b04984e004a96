package io.smart402.core.phase.x402;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smart402.core.contract.Issue;
import java.util.Optional;

/**
 * The x402 {@code asset} of a payment (spec §2.4): the USDC contract of the network where one is known, with
 * its EIP-712 domain as {@code extra}; otherwise the token symbol and a {@code W_ASSET_SYMBOL} warning.
 *
 * @param extra   the EIP-712 domain for {@code exact} payments, or null
 * @param warning set when the asset is a symbol
 */
record Asset(String asset, ObjectNode extra, Issue warning) {

    static final String USDC = "USDC";

    static Asset of(String token, Network network) {
        Optional<String> usdc = USDC.equals(token) ? network.usdcAddress() : Optional.empty();
        if (usdc.isPresent()) {
            // The spec's domain for every network (its Example A); x402's own config names some "USD Coin".
            ObjectNode extra = JsonNodeFactory.instance.objectNode().put("name", "USDC").put("version", "2");
            return new Asset(usdc.get(), extra, null);
        }
        return new Asset(token, null, new Issue("W_ASSET_SYMBOL", "$.payment.token",
                "no known contract address for " + token + " on " + network.blockchain()
                        + "; x402 asset is the token symbol"));
    }

    Optional<Issue> warningIfAny() {
        return Optional.ofNullable(warning);
    }
}
