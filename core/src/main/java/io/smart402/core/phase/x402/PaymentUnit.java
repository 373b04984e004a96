package io.smart402.core.phase.x402;

import io.smart402.core.contract.Contract;
import io.smart402.core.contract.Milestone;
import io.smart402.core.contract.Tokens;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * What one x402 payment requirement charges (spec §2.4 "Payment unit"): the full amount per period, or for
 * milestone contracts the first milestone with its own resource URL.
 *
 * @param amount      in token units
 * @param atomic      in the token's atomic units
 * @param resource    the resource URL the payment unlocks
 * @param description the requirement's description
 */
record PaymentUnit(BigDecimal amount, BigInteger atomic, String resource, String description) {

    /** The repo's {@code Contract.get_url} base. */
    static final String RESOURCE_BASE = "https://smart402.io/contracts/";

    static PaymentUnit of(Contract contract, String title) {
        String token = contract.payment().token();
        String resource = RESOURCE_BASE + contract.id();
        if (!contract.milestones().isEmpty()) {
            Milestone first = contract.milestones().get(0);
            return new PaymentUnit(first.amount(), Tokens.atomic(first.amount(), token),
                    resource + "/milestones/" + pathSegment(first.id()),
                    title + " \u2013 milestone " + first.id() + ": " + first.title());
        }
        return new PaymentUnit(contract.payment().amount(), Tokens.atomic(contract.payment().amount(), token),
                resource, title);
    }

    /** Percent-encodes all but RFC 3986 unreserved characters, so any milestone id keeps the URL valid. */
    static String pathSegment(String text) {
        if (".".equals(text) || "..".equals(text)) {
            // Dot segments would be collapsed by URL normalisation and point at another resource.
            return text.replace(".", "%2E");
        }
        StringBuilder out = new StringBuilder();
        for (byte b : (text == null ? "" : text).getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
