package io.smart402.core.cache;

import java.nio.charset.StandardCharsets;

/** How a cached value is written to and read from the L2 level (Redis values are bytes). */
public interface CacheCodec<V> {

    byte[] encode(V value);

    V decode(byte[] bytes);

    /**
     * Strings as UTF-8 bytes: the processed contract is already compact canonical-order JSON text, so its
     * UTF-8 bytes are the most compact schema-free form that needs no second serializer, and reading it back
     * costs one decode. A binary format would need a schema for an open document; compression (LZ4, deflate)
     * would trade CPU for ~3x smaller values, which does not pay for 10–20 KB documents on a local Redis.
     */
    static CacheCodec<String> utf8() {
        return new CacheCodec<>() {
            @Override
            public byte[] encode(String value) {
                return value.getBytes(StandardCharsets.UTF_8);
            }

            @Override
            public String decode(byte[] bytes) {
                return new String(bytes, StandardCharsets.UTF_8);
            }
        };
    }

    /**
     * Values that already are their stored form, such as a processed document's UTF-8 bytes: the same array is
     * cached, sent to L2 and answered, never copied. Treat cached arrays as immutable.
     */
    static CacheCodec<byte[]> bytes() {
        return new CacheCodec<>() {
            @Override
            public byte[] encode(byte[] value) {
                return value;
            }

            @Override
            public byte[] decode(byte[] bytes) {
                return bytes;
            }
        };
    }
}
