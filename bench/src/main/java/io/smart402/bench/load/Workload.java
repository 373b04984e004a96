package io.smart402.bench.load;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smart402.core.contract.Contract;
import io.smart402.core.contract.ContractCodec;
import io.smart402.core.contract.ContractLimits;
import io.smart402.core.contract.ContractReader;
import io.smart402.core.contract.ReadResult;
import io.smart402.core.phase.Phase;
import io.smart402.core.phase.Phases;
import io.smart402.core.pipeline.ContractPipeline;
import io.smart402.core.pipeline.ProcessingResult;
import io.smart402.core.store.ContractRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import reactor.core.scheduler.Schedulers;

/**
 * Everything a run feeds its targets, prepared before any clock starts: the HTTP bodies, the same contracts read
 * and validated (for the phases baseline) and their processed documents (the rows the store and pgbench baselines
 * write — byte for byte what the server would store for them).
 */
public final class Workload {

    private final ContractBodies bodies;
    private final List<Contract> contracts;
    private final List<String> processed;
    private final List<String> digests;
    private final List<String> types;
    private final List<Phase> phases = Phases.standard();

    public Workload(long seed, String idPrefix, int templates) {
        this.bodies = new ContractBodies(new ContractGenerator(seed, idPrefix), templates);
        ContractCodec codec = new ContractCodec(ContractLimits.DEFAULTS);
        ContractReader reader = new ContractReader(ContractLimits.DEFAULTS);
        ContractPipeline pipeline = ContractPipeline.builder().phases(phases).scheduler(Schedulers.immediate())
                .concurrency(1).build();
        this.contracts = new ArrayList<>(templates);
        this.processed = new ArrayList<>(templates);
        this.digests = new ArrayList<>(templates);
        this.types = new ArrayList<>(templates);
        for (int k = 0; k < templates; k++) {
            ReadResult read = reader.read(codec.read(bodies.body(k)));
            if (!(read instanceof ReadResult.Accepted accepted)) {
                throw new IllegalStateException("generated contract " + k + " was rejected: " + read);
            }
            Contract contract = accepted.contract();
            ProcessingResult result = pipeline.process(contract).block();
            if (!(result instanceof ProcessingResult.Processed done)) {
                throw new IllegalStateException("generated contract " + k + " failed its phases: " + result);
            }
            contracts.add(contract);
            ObjectNode document = done.document();
            processed.add(new String(codec.write(document), StandardCharsets.UTF_8));
            digests.add(contract.digest());
            types.add(contract.canonicalType());
        }
    }

    public ContractBodies bodies() {
        return bodies;
    }

    public List<Contract> contracts() {
        return contracts;
    }

    public List<Phase> phases() {
        return phases;
    }

    public int templates() {
        return contracts.size();
    }

    /** The stored row for contract {@code i} under {@code id} (its template's processed document). */
    public ContractRecord record(long i, String id, long version) {
        int k = (int) (i % contracts.size());
        return new ContractRecord(id, version, digests.get(k), types.get(k), "processed", processed.get(k));
    }

    public String processedDocument(int k) {
        return processed.get(k);
    }

    /** Mean size of a processed (stored) document in bytes. */
    public double meanProcessedBytes() {
        return processed.stream().mapToInt(s -> s.getBytes(StandardCharsets.UTF_8).length).average().orElse(0);
    }
}
