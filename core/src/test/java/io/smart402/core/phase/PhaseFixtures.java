package io.smart402.core.phase;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smart402.core.contract.Condition;
import io.smart402.core.contract.Contract;
import io.smart402.core.contract.ContractCodec;
import io.smart402.core.contract.ContractLimits;
import io.smart402.core.contract.ContractReader;
import io.smart402.core.contract.Party;
import io.smart402.core.contract.ReadResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Test fixtures for the phases: contracts from JSON (the spec §1.9 examples live in {@code /examples}) and a
 * stand-in LLMO result carrying only what later phases read ({@code ucl.summary.title} and
 * {@code plain_english}, spec §2.2).
 */
public final class PhaseFixtures {

    private static final ContractCodec CODEC = new ContractCodec(ContractLimits.DEFAULTS);
    private static final ContractReader READER = new ContractReader(ContractLimits.DEFAULTS);

    private PhaseFixtures() {
    }

    /** Example {@code a}, {@code b} or {@code c} of spec §1.9. */
    public static Contract example(String letter) {
        String resource = "/examples/example-" + letter + ".json";
        try (InputStream in = PhaseFixtures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return contract(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a contract that must be valid. */
    public static Contract contract(String json) {
        ReadResult result = READER.read(CODEC.read(json.getBytes(StandardCharsets.UTF_8)));
        if (result instanceof ReadResult.Accepted accepted) {
            return accepted.contract();
        }
        throw new IllegalArgumentException("contract rejected: " + result);
    }

    /** A stand-in LLMO result with the summary members spec §2.2 defines. */
    public static PhaseResult fakeLlmo(Contract contract) {
        ObjectNode llmo = JsonNodeFactory.instance.objectNode();
        ObjectNode summary = llmo.putObject("ucl").putObject("summary");
        summary.put("title", LlmoSummary.defaultTitle(contract));
        summary.put("plain_english", plainEnglish(contract));
        return new PhaseResult(PhaseName.LLMO, 0.7, llmo);
    }

    /** The results SCC needs: the stand-in LLMO result. */
    public static PhaseResults beforeScc(Contract contract) {
        return PhaseResults.empty().with(fakeLlmo(contract));
    }

    private static String plainEnglish(Contract contract) {
        String payee = identifierOfRole(contract, contract.contractType().payeeRole(), 0);
        String payer = identifierOfRole(contract, contract.contractType().payerRole(), 1);
        StringBuilder text = new StringBuilder("This ").append(contract.type()).append(" contract between ")
                .append(payee).append(" and ").append(payer).append(". Payment of ")
                .append(contract.payment().amount().toPlainString()).append(' ').append(contract.payment().token())
                .append(" is made ").append(contract.payment().frequency()).append(" on ")
                .append(contract.payment().blockchain()).append('.');
        for (Condition condition : contract.conditions()) {
            if (condition.required()) {
                text.append(" Requires: ").append(condition.description()).append('.');
            }
        }
        return text.toString();
    }

    private static String identifierOfRole(Contract contract, String role, int fallbackIndex) {
        return contract.parties().stream().filter(p -> role.equals(p.role())).map(Party::identifier).findFirst()
                .orElse(contract.parties().get(Math.min(fallbackIndex, contract.parties().size() - 1)).identifier());
    }
}
