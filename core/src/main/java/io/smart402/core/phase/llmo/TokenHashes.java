package io.smart402.core.phase.llmo;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.smart402.core.contract.CanonicalJson;
import java.nio.charset.StandardCharsets;

/**
 * The encoder's hash embedding of a token, scaled by its 0.8 weight: SHA-256 bytes / 255, L2-normalized, times
 * 0.8. It depends on the token alone, and contracts share most of their words, so the rows are kept across
 * contracts: hashing and normalizing was a third of the encoder's CPU and of the LLMO phase's allocation.
 */
final class TokenHashes {

    /**
     * Distinct tokens kept: about 300 bytes each, so at most a few megabytes; the frequent words of the corpus
     * stay (Caffeine's W-TinyLFU), a contract's one-off identifiers come and go.
     */
    private static final int MAX_ROWS = 16_384;

    /** Shared rows, read-only: the encoder adds a contract's features to its own copy of the first five. */
    private static final Cache<String, double[]> ROWS = Caffeine.newBuilder().maximumSize(MAX_ROWS)
            // Maintenance runs on the caller's thread: no pool behind the CPU scheduler's back.
            .executor(Runnable::run).build();

    private TokenHashes() {
    }

    /** The token's {@code 0.8·hash} row of {@link ContractEncoder#HASH_BYTES} dimensions; do not modify. */
    static double[] scaledEmbedding(String token) {
        double[] row = ROWS.getIfPresent(token);
        if (row == null) {
            // Computed outside the cache's lock; two threads computing the same row store equal values.
            row = compute(token);
            ROWS.put(token, row);
        }
        return row;
    }

    private static double[] compute(String token) {
        byte[] digest = CanonicalJson.sha256(token.getBytes(StandardCharsets.UTF_8));
        double[] row = new double[ContractEncoder.HASH_BYTES];
        double squares = 0;
        for (int i = 0; i < row.length; i++) {
            row[i] = Byte.toUnsignedInt(digest[i]) / 255.0;
            squares += row[i] * row[i];
        }
        // The 96 zero-padding dimensions do not change the norm.
        double norm = Math.sqrt(squares) + 1e-10;
        for (int i = 0; i < row.length; i++) {
            row[i] = 0.8 * (row[i] / norm);
        }
        return row;
    }
}
