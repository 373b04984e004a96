package io.smart402.shard.sql;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.r2dbc.postgresql.client.EncodedParameter;
import io.r2dbc.postgresql.codec.Codec;
import io.r2dbc.postgresql.codec.PostgresqlObjectId;
import io.r2dbc.postgresql.extension.CodecRegistrar;
import io.r2dbc.postgresql.message.Format;
import reactor.core.publisher.Mono;

/**
 * Sends a {@link JsonText} as a {@code json} parameter in text format: the bytes go on the wire unchanged.
 *
 * <p>Hand-written because r2dbc-postgresql 1.1.3 has no codec that does this for a value we can hand it: its
 * {@code byte[]} and {@code ByteBuffer} codecs come first in its registry and send bytea as hex text (twice the
 * bytes, and PostgreSQL refuses a hex string typed json); its {@code Json}, {@code ByteBuf} and
 * {@code InputStream} codecs send jsonb's binary form (a version byte ahead of the text), which json refuses;
 * only a {@code String} reaches json as text, at the price of decoding the documents' UTF-8 to a String and the
 * driver encoding it back on the event loop (~2/3 of the R2DBC event loops' CPU under NDJSON ingest).
 *
 * <p>Encoding: the driver's sessions use {@code client_encoding} UTF8, so PostgreSQL validates these bytes as
 * UTF-8 and converts them to the database encoding like any other text parameter; a document that is not
 * valid UTF-8 or not valid JSON fails the statement, as it did as a String.
 */
public final class JsonTextCodec implements Codec<JsonText> {

    private static final int JSON = PostgresqlObjectId.JSON.getObjectId();

    private final ByteBufAllocator allocator;

    private JsonTextCodec(ByteBufAllocator allocator) {
        this.allocator = allocator;
    }

    /** Registers the codec on every connection a factory opens, ahead of the driver's own. */
    public static CodecRegistrar registrar() {
        return (connection, allocator, registry) -> {
            registry.addFirst(new JsonTextCodec(allocator));
            return Mono.empty();
        };
    }

    @Override
    public boolean canDecode(int dataType, Format format, Class<?> type) {
        return false;
    }

    @Override
    public boolean canEncode(Object value) {
        return value instanceof JsonText;
    }

    @Override
    public boolean canEncodeNull(Class<?> type) {
        return type == JsonText.class;
    }

    @Override
    public JsonText decode(ByteBuf buffer, int dataType, Format format, Class<? extends JsonText> type) {
        throw new UnsupportedOperationException("JsonText is a parameter type only; read json columns as text");
    }

    @Override
    public EncodedParameter encode(Object value) {
        byte[][] parts = ((JsonText) value).parts().toArray(new byte[0][]);
        // One buffer of the connection's allocator per subscription, filled from the parts (the driver copies
        // it into its Bind message and releases it). Not a composite over the parts: the allocator's buffer
        // merges a composite source into a fresh heap array before copying it, a second copy of the whole
        // batch (up to ~1 MB, a humongous object for G1) per statement, 94 % of the server's allocations outside
        // TLABs under NDJSON ingest.
        return new EncodedParameter(Format.FORMAT_TEXT, JSON, Mono.fromSupplier(() -> filled(parts)));
    }

    private ByteBuf filled(byte[][] parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        ByteBuf buffer = allocator.buffer(length, length);
        for (byte[] part : parts) {
            buffer.writeBytes(part);
        }
        return buffer;
    }

    @Override
    public EncodedParameter encode(Object value, int dataType) {
        return encode(value);
    }

    @Override
    public EncodedParameter encodeNull() {
        return new EncodedParameter(Format.FORMAT_TEXT, JSON, EncodedParameter.NULL_VALUE);
    }
}
