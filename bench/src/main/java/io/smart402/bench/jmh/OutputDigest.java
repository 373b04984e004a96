package io.smart402.bench.jmh;

import io.smart402.bench.load.ContractSize;
import io.smart402.core.contract.CanonicalJson;
import io.smart402.core.contract.Contract;
import io.smart402.core.contract.ContractCodec;
import io.smart402.core.contract.ContractLimits;
import io.smart402.core.contract.ContractReader;
import io.smart402.core.contract.ReadResult;
import io.smart402.core.phase.Phases;
import io.smart402.core.pipeline.ContractPipeline;
import io.smart402.core.pipeline.ProcessingResult;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import reactor.core.scheduler.Schedulers;

/**
 * One SHA-256 over the processed documents (the bytes the server stores and answers) of every benchmark contract,
 * so a speed change can be checked to leave every output byte for byte the same: run it before and after and
 * compare (the pipeline's clock is fixed, so timestamps are too). {@code java -cp bench/target/smart402-jmh.jar io.smart402.bench.jmh.OutputDigest}
 */
public final class OutputDigest {

    private OutputDigest() {
    }

    public static void main(String[] args) {
        ContractCodec codec = new ContractCodec(ContractLimits.DEFAULTS);
        ContractReader reader = new ContractReader(ContractLimits.DEFAULTS);
        ContractPipeline pipeline = ContractPipeline.builder().phases(Phases.standard())
                .scheduler(Schedulers.immediate()).concurrency(1)
                .clock(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC)).build();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (ContractSize size : ContractSize.values()) {
            SizedCorpus corpus = new SizedCorpus(size, 256);
            for (byte[] body : corpus.bodies) {
                Contract contract = ((ReadResult.Accepted) reader.read(codec.read(body))).contract();
                ProcessingResult result = pipeline.process(contract).block();
                all.writeBytes(codec.write(((ProcessingResult.Processed) result).document()));
                all.write('\n');
            }
        }
        byte[] bytes = all.toByteArray();
        System.out.println(bytes.length + " bytes, sha256 "
                + java.util.HexFormat.of().formatHex(CanonicalJson.sha256(bytes)));
    }
}
