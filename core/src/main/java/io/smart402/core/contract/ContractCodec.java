package io.smart402.core.contract;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.CharConversionException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Jackson-based JSON reading and writing for contracts, with the limits enforced while parsing so an
 * oversized or deeply nested document is refused before it is materialized.
 */
public final class ContractCodec {

    /**
     * One growable output buffer per thread, kept between documents: writeValueAsBytes gathered each processed
     * document (about 20 KB) in freshly allocated segments and then copied them into the result, twice the
     * document's size in garbage per contract. Only the result is allocated now. A thread's buffer that grew past
     * {@link OutputBuffer#KEPT_BYTES} for one large document is dropped after it.
     */
    private static final ThreadLocal<OutputBuffer> OUTPUT = ThreadLocal.withInitial(OutputBuffer::new);

    private final ContractLimits limits;
    private final ObjectMapper mapper;

    public ContractCodec(ContractLimits limits) {
        this.limits = limits;
        this.mapper = strictMapper(limits, limits.maxDepth(), limits.maxBytes());
    }

    /**
     * A mapper with this codec's parsing rules (exact decimals, duplicate keys refused, per-contract limits)
     * for a document of up to {@code maxDocumentBytes} holding contracts one level down (a JSON-array batch).
     */
    public ObjectMapper arrayMapper(long maxDocumentBytes) {
        // Elements are read one by one from a streaming parser, so "trailing tokens" are the next elements;
        // the caller checks what follows the closing bracket itself.
        return strictMapper(limits, limits.maxDepth() + 1, maxDocumentBytes)
                .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    private static ObjectMapper strictMapper(ContractLimits limits, int maxDepth, long maxDocumentBytes) {
        ObjectMapper mapper = JsonMapper.builder()
                .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                // Schubfach instead of JDK 17's FloatingDecimal for the ~120 doubles of a processed document:
                // about 10 % of writing one (4.5 of 43 µs, same-JVM A/B over 64 typical documents). Both print the
                // shortest repr that reads back as the same double, the JDK's own since 19; JDK 17 misses it on
                // rare values, which this prints shorter (the benchmark corpus's documents are byte for byte equal).
                .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
                .build();
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(maxDepth)
                .maxStringLength(limits.maxStringLength())
                .maxNumberLength(64)
                .maxDocumentLength(maxDocumentBytes)
                .build());
        warmUp(mapper);
        return mapper;
    }

    /**
     * Jackson builds and caches its tree deserializer on first use under a lock; done here, at construction,
     * so the CPU scheduler's threads never contend for it (BlockHound reports the park otherwise).
     */
    private static void warmUp(ObjectMapper mapper) {
        try {
            mapper.readTree("{\"warm\":[1,\"up\"]}");
            mapper.writeValueAsBytes(mapper.createObjectNode().put("warm", "up"));
        } catch (IOException e) {
            throw new IllegalStateException("a constant document always parses", e);
        }
    }

    public ContractLimits limits() {
        return limits;
    }

    /** Parses one JSON document (UTF-8). */
    public JsonNode read(byte[] utf8) {
        if (utf8.length > limits.maxBytes()) {
            throw new ContractFormatException("E_LIMIT",
                    "contract exceeds limit max-bytes (" + limits.maxBytes() + ")", null);
        }
        try (JsonParser parser = mapper.createParser(utf8)) {
            JsonNode node = mapper.readTree(parser);
            if (node == null || node.isMissingNode()) {
                throw new ContractFormatException("E_JSON_MALFORMED", "empty document", null);
            }
            return node;
        } catch (StreamConstraintsException e) {
            throw new ContractFormatException("E_LIMIT", "contract exceeds limit: " + firstLine(e), e);
        } catch (CharConversionException e) {
            throw new ContractFormatException("E_ENCODING", "body is not valid UTF-8: " + firstLine(e), e);
        } catch (JsonProcessingException e) {
            String message = firstLine(e);
            String code = message.contains("UTF-8") || message.contains("UTF8") ? "E_ENCODING" : "E_JSON_MALFORMED";
            throw new ContractFormatException(code, "malformed JSON: " + message, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Compact JSON bytes of {@code node}. */
    public byte[] write(JsonNode node) {
        OutputBuffer buffer = OUTPUT.get();
        try {
            mapper.writeValue(buffer, node);
            return buffer.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("a JsonNode always serializes", e);
        } finally {
            buffer.recycle();
        }
    }

    private static final class OutputBuffer extends java.io.ByteArrayOutputStream {

        static final int KEPT_BYTES = 256 * 1024;

        OutputBuffer() {
            super(32 * 1024);
        }

        void recycle() {
            if (buf.length > KEPT_BYTES) {
                buf = new byte[32 * 1024];
            }
            reset();
        }
    }

    /** The underlying mapper, configured for exact decimals. */
    public ObjectMapper mapper() {
        return mapper;
    }

    private static String firstLine(Exception e) {
        String message = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        if (message == null) {
            return e.getClass().getSimpleName();
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
