package io.smart402.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Shared test inputs: the spec §1.9 examples and JSON parsing with the production codec. */
final class Fixtures {

    static final ContractCodec CODEC = new ContractCodec(ContractLimits.DEFAULTS);
    static final ContractReader READER = new ContractReader(ContractLimits.DEFAULTS);

    private Fixtures() {
    }

    /** A fresh, mutable copy of {@code examples/{name}.json}. */
    static ObjectNode example(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/examples/" + name + ".json")) {
            assertThat(in).as("examples/%s.json", name).isNotNull();
            return (ObjectNode) CODEC.read(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses JSON written with single quotes for readability ({@code 'a'} → {@code "a"}). */
    static ObjectNode json(String singleQuoted) {
        return (ObjectNode) parse(singleQuoted.replace('\'', '"'));
    }

    static JsonNode parse(String json) {
        return CODEC.read(json.getBytes(StandardCharsets.UTF_8));
    }

    static ReadResult read(JsonNode document) {
        return READER.read(document);
    }

    static Contract accepted(JsonNode document) {
        ReadResult result = READER.read(document);
        assertThat(result).as("%s", result).isInstanceOf(ReadResult.Accepted.class);
        return ((ReadResult.Accepted) result).contract();
    }

    /** The errors of a rejected document; empty when it is accepted. */
    static List<Issue> errors(JsonNode document) {
        return READER.read(document) instanceof ReadResult.Rejected rejected ? rejected.errors() : List.of();
    }

    static List<Issue> warnings(JsonNode document) {
        ReadResult result = READER.read(document);
        return result instanceof ReadResult.Rejected rejected
                ? rejected.warnings() : ((ReadResult.Accepted) result).contract().warnings();
    }

    /** A small valid contract: two string parties, a USDC one-time payment. */
    static ObjectNode minimal() {
        return json("{'type':'saas','parties':['a@x.example','b@x.example'],"
                + "'payment':{'amount':10,'currency':'USD','token':'USDC','frequency':'one-time'},"
                + "'description':'d','metadata':{'title':'t','keywords':['k1','k2','k3','k4','k5']}}");
    }
}
