package io.smart402.bench.load;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Size classes for cost-per-size measures, derived from the generator's (typical) contracts so every class stays
 * valid and covers every type: {@code SMALL} keeps one sentence of terms and no obligations (~40 words of text),
 * {@code TYPICAL} is the generator's contract unchanged (~100 words, the bench corpus), {@code LARGE} carries
 * 80 sentences of terms and 20 obligations (~700 words, past the 512-word cap of the LLMO parse and encoder).
 */
public enum ContractSize {
    SMALL, TYPICAL, LARGE;

    private static final List<String> SENTENCES = List.of(
            "The provider shall deliver every report within five business days of the request",
            "Payment is released automatically once every required condition is met",
            "Late delivery reduces the payable amount by two percent per day",
            "Either party may terminate with thirty days written notice",
            "Disputes go to the agreed resolution method before any court",
            "The customer must provide access to the systems needed for the service",
            "Invoices are settled on chain in the agreed token at the agreed rate",
            "Service credits apply when monthly uptime falls below the target",
            "Confidential information stays confidential for three years after termination",
            "Each oracle reading is kept in an audit log for at least seven years");

    /** Contract {@code index} of {@code generator} in this size class. */
    public ObjectNode contract(ContractGenerator generator, long index) {
        ObjectNode c = generator.contract(index);
        switch (this) {
            case SMALL -> {
                String terms = c.get("terms").textValue();
                int end = terms.indexOf(". ");
                c.put("terms", end < 0 ? terms : terms.substring(0, end + 1));
                c.remove("obligations");
            }
            case LARGE -> {
                StringBuilder terms = new StringBuilder(c.get("terms").textValue());
                for (int i = 0; i < 80; i++) {
                    terms.append(' ').append(SENTENCES.get((int) ((index * 7 + i * 3) % SENTENCES.size())))
                            .append(" (clause ").append(i + 1).append(").");
                }
                c.put("terms", terms.toString());
                ArrayNode obligations = c.putArray("obligations");
                for (int i = 0; i < 20; i++) {
                    obligations.add(SENTENCES.get((int) ((index + i) % SENTENCES.size())) + " (" + (i + 1) + ")");
                }
            }
            case TYPICAL -> {
            }
        }
        return c;
    }
}
