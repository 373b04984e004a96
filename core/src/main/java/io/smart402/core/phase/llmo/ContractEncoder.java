package io.smart402.core.phase.llmo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smart402.core.contract.CanonicalJson;
import io.smart402.core.contract.Contract;
import io.smart402.core.contract.Party;
import io.smart402.core.phase.aeo.PyText;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The token-embedding matrix of src/llmo/encoder.py (spec §2.2): hash embedding, five contract features and
 * sinusoidal positions. Only its Frobenius norm and mean are emitted, so the matrix is never materialized.
 */
final class ContractEncoder {

    static final int DIMENSIONS = 128;
    static final int MAX_TOKENS = 512;
    private static final int HASH_BYTES = 32;

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
        // A token's leading dimensions depend on the token alone, so repeated tokens (most of a contract's text)
        // reuse them instead of hashing again.
        Map<String, double[]> leads = new HashMap<>();
        double sum = 0;
        double sumOfSquares = 0;
        for (int pos = 0; pos < tokens.size(); pos++) {
            double[] lead = leads.computeIfAbsent(tokens.get(pos), t -> lead(t, partyText, amountText));
            int row = pos * DIMENSIONS;
            // The same additions in the same order as the full 128-wide row, so the sums are bit for bit the same.
            for (int d = 0; d < HASH_BYTES; d++) {
                double value = lead[d] + PositionalEncoding.TABLE[row + d];
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

    /** {@code 0.8·hash + 0.2·feature} of the first {@link #HASH_BYTES} dimensions (features fill the first five). */
    private static double[] lead(String token, String partyText, String amountText) {
        double[] base = new double[HASH_BYTES];
        hashEmbedding(token, base);
        double[] features = {
                partyText.contains(token) ? 1 : 0,
                amountText != null && amountText.contains(token) ? 1 : 0,
                PyText.length(token) / 20.0,
                PyText.isUpper(token) ? 1 : 0,
                containsDigit(token) ? 1 : 0};
        double[] lead = new double[HASH_BYTES];
        for (int d = 0; d < HASH_BYTES; d++) {
            double f = d < features.length ? features[d] : 0;
            lead[d] = 0.8 * base[d] + 0.2 * f;
        }
        return lead;
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

    /** SHA-256 bytes / 255, L2-normalized; the 96 zero-padding dimensions do not change the norm. */
    private static void hashEmbedding(String token, double[] into) {
        byte[] digest = CanonicalJson.sha256(token.getBytes(StandardCharsets.UTF_8));
        double squares = 0;
        for (int i = 0; i < HASH_BYTES; i++) {
            into[i] = Byte.toUnsignedInt(digest[i]) / 255.0;
            squares += into[i] * into[i];
        }
        double norm = Math.sqrt(squares) + 1e-10;
        for (int i = 0; i < HASH_BYTES; i++) {
            into[i] /= norm;
        }
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
