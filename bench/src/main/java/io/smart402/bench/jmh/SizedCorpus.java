package io.smart402.bench.jmh;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smart402.bench.load.ContractGenerator;
import io.smart402.bench.load.ContractSize;
import io.smart402.core.contract.Contract;
import io.smart402.core.contract.ContractCodec;
import io.smart402.core.contract.ContractLimits;
import io.smart402.core.contract.ContractReader;
import io.smart402.core.contract.ReadResult;

/**
 * {@link #COUNT} generated contracts of one size class (every type), as request bodies and as read, validated
 * contracts: the inputs of the per-phase and pipeline benchmarks, built before any measurement.
 */
final class SizedCorpus {

    /** A power of two, so the benchmarks cycle with a mask; ≥ 11 × 2 so every type appears twice. */
    static final int COUNT = 32;

    final byte[][] bodies;
    final Contract[] contracts;

    SizedCorpus(ContractSize size) {
        this(size, COUNT);
    }

    SizedCorpus(ContractSize size, int count) {
        bodies = new byte[count][];
        contracts = new Contract[count];
        ContractGenerator generator = new ContractGenerator(402, "jmh-");
        ContractCodec codec = new ContractCodec(ContractLimits.DEFAULTS);
        ContractReader reader = new ContractReader(ContractLimits.DEFAULTS);
        for (int k = 0; k < count; k++) {
            ObjectNode document = size.contract(generator, k);
            bodies[k] = codec.write(document);
            ReadResult read = reader.read(codec.read(bodies[k]));
            if (!(read instanceof ReadResult.Accepted accepted)) {
                throw new IllegalStateException(size + " contract " + k + " was rejected: " + read);
            }
            contracts[k] = accepted.contract();
        }
    }
}
