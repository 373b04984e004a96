package io.smart402.core.phase;

import io.smart402.core.contract.Contract;
import io.smart402.core.contract.ContractCodec;
import io.smart402.core.contract.ContractLimits;
import io.smart402.core.contract.ContractReader;
import io.smart402.core.contract.ReadResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Loads the spec §1.9 example contracts from {@code src/test/resources/examples} and reads ad-hoc JSON. */
public final class ExampleContracts {

    private static final ContractCodec CODEC = new ContractCodec(ContractLimits.DEFAULTS);
    private static final ContractReader READER = new ContractReader(ContractLimits.DEFAULTS);

    private ExampleContracts() {
    }

    /** The example {@code name}: {@code example-a}, {@code example-b}, {@code example-c} or {@code legacy}. */
    public static Contract example(String name) {
        return read(bytes("/examples/" + name + ".json"));
    }

    /** Reads a JSON document that must be a valid contract. */
    public static Contract fromJson(String json) {
        return read(json.getBytes(StandardCharsets.UTF_8));
    }

    /** The raw bytes of a test resource. */
    public static byte[] bytes(String resource) {
        try (InputStream in = ExampleContracts.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Contract read(byte[] json) {
        ReadResult result = READER.read(CODEC.read(json));
        if (result instanceof ReadResult.Accepted accepted) {
            return accepted.contract();
        }
        throw new IllegalArgumentException("not a valid contract: " + result);
    }
}
