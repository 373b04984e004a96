package io.smart402.core.phase.llmo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smart402.core.contract.Contract;
import io.smart402.core.contract.Party;
import io.smart402.core.phase.aeo.PyText;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The token-embedding matrix of src/llmo/encoder.py (spec §2.2): hash embedding, five contract features and
 * sinusoidal positions. Only its Frobenius norm and mean are emitted, so the matrix is never materialized.
 */
final class ContractEncoder {

    static final int DIMENSIONS = 128;
    static final int MAX_TOKENS = 512;
    static final int HASH_BYTES = 32;
    /** The contract features added to a token's first dimensions. */
    private static final int FEATURES = 5;

    /** The summary written to {@code llmo.encoding}. */
    record Result(int tokens, double frobeniusNorm, double meanValue) {

        void write(ObjectNode out) {
            out.put("tokens", tokens);
            out.put("dims", DIMENSIONS);
            out.put("frobeniusNorm", frobeniusNorm);
            out.put("meanValue", meanValue);
        }
    }

    private ContractEncoder() {
    }

    static Result encode(Contract contract) {
        String partyText = String.join(" ", contract.parties().stream().map(Party::identifier).toList());
        BigDecimal amount = contract.payment() == null ? null : contract.payment().amount();
        String amountText = amount == null ? null : LlmoFormat.plainAmount(amount);

        List<String> tokens = PyText.split(text(contract, amountText), MAX_TOKENS);
        // A token's leading dimensions depend on the token and this contract alone, so repeated tokens (most of a
        // contract's text) reuse them instead of testing the features again.
        Map<String, Lead> leads = new HashMap<>();
        Function<String, Lead> newLead = t -> lead(t, partyText, amountText);
        double sum = 0;
        double sumOfSquares = 0;
        for (int pos = 0; pos < tokens.size(); pos++) {
            Lead lead = leads.computeIfAbsent(tokens.get(pos), newLead);
            int row = pos * DIMENSIONS;
            // The same additions in the same order as the full 128-wide row, so the sums are bit for bit the same.
            for (int d = 0; d < FEATURES; d++) {
                double value = lead.head[d] + PositionalEncoding.TABLE[row + d];
                sum += value;
                sumOfSquares += value * value;
            }
            for (int d = FEATURES; d < HASH_BYTES; d++) {
                double value = lead.hash[d] + PositionalEncoding.TABLE[row + d];
                sum += value;
                sumOfSquares += value * value;
            }
            // Past the hash bytes, 0.8·0 + 0.2·0 + PE is exactly PE (the position's sine or cosine).
            for (int d = HASH_BYTES; d < DIMENSIONS; d++) {
                sum += PositionalEncoding.TABLE[row + d];
                sumOfSquares += PositionalEncoding.SQUARES[row + d];
            }
        }
        int n = tokens.size();
        return new Result(n, Math.sqrt(sumOfSquares), n == 0 ? 0 : sum / ((double) n * DIMENSIONS));
    }

    /**
     * {@code 0.8·hash + 0.2·feature} of a token's first {@link #HASH_BYTES} dimensions: the five feature dimensions
     * of this contract in {@code head}, the rest the shared {@code 0.8·hash} row itself. 0.8·hash[d] + 0.2·f is
     * evaluated as (0.8·hash[d]) + (0.2·f), so starting from the shared row gives the same bits, and past the
     * features f is 0, where adding +0.0 to a non-negative value changes nothing.
     */
    private record Lead(double[] head, double[] hash) {
    }

    private static Lead lead(String token, String partyText, String amountText) {
        double[] hash = TokenHashes.scaledEmbedding(token);
        double[] head = new double[FEATURES];
        head[0] = hash[0] + 0.2 * (partyText.contains(token) ? 1 : 0);
        head[1] = hash[1] + 0.2 * (amountText != null && amountText.contains(token) ? 1 : 0);
        head[2] = hash[2] + 0.2 * (PyText.length(token) / 20.0);
        head[3] = hash[3] + 0.2 * (PyText.isUpper(token) ? 1 : 0);
        head[4] = hash[4] + 0.2 * (containsDigit(token) ? 1 : 0);
        return new Lead(head, hash);
    }

    /** The encoder text: the present parts of type, parties, amount, terms and description, joined by ". ". */
    static String text(Contract contract, String amountText) {
        List<String> parts = new ArrayList<>(5);
        if (contract.type() != null) {
            parts.add("Contract Type: " + contract.type());
        }
        if (!contract.parties().isEmpty()) {
            parts.add("Parties: " + String.join(", ", contract.parties().stream().map(Party::identifier).toList()));
        }
        if (amountText != null) {
            parts.add("Amount: " + amountText);
        }
        if (contract.terms() != null) {
            parts.add("Terms: " + contract.terms());
        }
        if (contract.description() != null) {
            parts.add("Description: " + contract.description());
        }
        return String.join(". ", parts);
    }

    private static boolean containsDigit(String token) {
        for (int i = 0; i < token.length(); ) {
            int cp = token.codePointAt(i);
            if (Character.isDigit(cp)) {
                return true;
            }
            i += Character.charCount(cp);
        }
        return false;
    }

    /** PE(pos, 2i) = sin(pos·e^(−2i·ln(10000)/d)), PE(pos, 2i+1) = cos(…); one shared immutable table. */
    static final class PositionalEncoding {

        private static final double[] TABLE = build();
        /** Each entry of {@link #TABLE} squared. */
        private static final double[] SQUARES = squares(TABLE);

        private PositionalEncoding() {
        }

        static double at(int pos, int dimension) {
            return TABLE[pos * DIMENSIONS + dimension];
        }

        private static double[] squares(double[] table) {
            double[] squares = new double[table.length];
            for (int i = 0; i < table.length; i++) {
                squares[i] = table[i] * table[i];
            }
            return squares;
        }

        private static double[] build() {
            double[] table = new double[MAX_TOKENS * DIMENSIONS];
            for (int i = 0; i < DIMENSIONS / 2; i++) {
                double frequency = StrictMath.exp(2 * i * -(StrictMath.log(10000.0) / DIMENSIONS));
                for (int pos = 0; pos < MAX_TOKENS; pos++) {
                    table[pos * DIMENSIONS + 2 * i] = StrictMath.sin(pos * frequency);
                    table[pos * DIMENSIONS + 2 * i + 1] = StrictMath.cos(pos * frequency);
                }
            }
            return table;
        }
    }
}
