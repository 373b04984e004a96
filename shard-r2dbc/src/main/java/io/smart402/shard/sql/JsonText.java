package io.smart402.shard.sql;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * JSON text that is already UTF-8 bytes, in parts sent one after the other, bound as a {@code json} parameter
 * as is (see {@link JsonTextCodec}). The parts are shared, not copied: treat them as immutable.
 */
public record JsonText(List<byte[]> parts) {

    private static final byte[] OPEN = {'['};
    private static final byte[] COMMA = {','};
    private static final byte[] CLOSE = {']'};

    public JsonText {
        parts = List.copyOf(parts);
    }

    /**
     * A JSON array of {@code elements}, each already a JSON text: brackets and commas around the elements'
     * own arrays, so a batch of documents is never copied into one array before the driver writes it.
     */
    public static JsonText array(Collection<byte[]> elements) {
        List<byte[]> parts = new ArrayList<>(2 * elements.size() + 2);
        parts.add(OPEN);
        for (byte[] element : elements) {
            if (parts.size() > 1) {
                parts.add(COMMA);
            }
            parts.add(Objects.requireNonNull(element, "element"));
        }
        parts.add(CLOSE);
        return new JsonText(parts);
    }
}
