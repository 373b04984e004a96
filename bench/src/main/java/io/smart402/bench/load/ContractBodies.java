package io.smart402.bench.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Request bodies without generating JSON on the hot path: contract {@code i} is template {@code i mod templates}
 * of the {@link ContractGenerator} with its id set to the generator's {@code id(i)}, spliced into pre-encoded bytes.
 * So ids are unique per index while bodies cost a copy, and the client spends its CPU on load, not on JSON.
 */
public final class ContractBodies {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final String MARK = "@@BENCH-ID@@";

    private final ContractGenerator generator;
    private final byte[][] heads;
    private final byte[][] tails;
    private final ObjectNode[] documents;

    public ContractBodies(ContractGenerator generator, int templates) {
        this.generator = generator;
        this.heads = new byte[templates][];
        this.tails = new byte[templates][];
        this.documents = new ObjectNode[templates];
        for (int k = 0; k < templates; k++) {
            ObjectNode doc = generator.contract(k);
            documents[k] = doc.deepCopy();
            doc.put("id", MARK);
            String text = write(doc);
            int at = text.indexOf(MARK);
            heads[k] = text.substring(0, at).getBytes(StandardCharsets.UTF_8);
            tails[k] = text.substring(at + MARK.length()).getBytes(StandardCharsets.UTF_8);
        }
    }

    public ContractGenerator generator() {
        return generator;
    }

    public int templates() {
        return heads.length;
    }

    /** The generated document of template {@code k} (with its own id). */
    public ObjectNode template(int k) {
        return documents[k].deepCopy();
    }

    public String id(long i) {
        return generator.id(i);
    }

    /** The JSON body of contract {@code i}. */
    public byte[] body(long i) {
        int k = (int) (i % heads.length);
        byte[] id = generator.id(i).getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[heads[k].length + id.length + tails[k].length];
        System.arraycopy(heads[k], 0, out, 0, heads[k].length);
        System.arraycopy(id, 0, out, heads[k].length, id.length);
        System.arraycopy(tails[k], 0, out, heads[k].length + id.length, tails[k].length);
        return out;
    }

    /** Contract {@code i} as one NDJSON line (with its newline). */
    public byte[] ndjsonLine(long i) {
        byte[] body = body(i);
        byte[] line = new byte[body.length + 1];
        System.arraycopy(body, 0, line, 0, body.length);
        line[body.length] = '\n';
        return line;
    }

    /** Mean body size in bytes over the templates. */
    public double meanBodyBytes() {
        long sum = 0;
        for (int k = 0; k < heads.length; k++) {
            sum += heads[k].length + tails[k].length + generator.id(k).length();
        }
        return (double) sum / heads.length;
    }

    private static String write(ObjectNode doc) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            JSON.writeValue(out, doc);
            return out.toString(StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
