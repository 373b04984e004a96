package io.smart402.server.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Enum constants as the file spells them: {@code WRITE_FAILOVER} is {@code write-failover}, any case. */
final class KebabEnumDeserializer<E extends Enum<E>> extends StdScalarDeserializer<E> {

    private final Class<E> type;
    private final List<String> names;

    KebabEnumDeserializer(Class<E> type) {
        super(type);
        this.type = type;
        this.names = Arrays.stream(type.getEnumConstants()).map(KebabEnumDeserializer::name).toList();
    }

    static String name(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @Override
    public E deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        if (!p.currentToken().isScalarValue()) {
            return type.cast(ctxt.handleUnexpectedToken(type, p));
        }
        String text = p.getText();
        int index = names.indexOf(text.trim().toLowerCase(Locale.ROOT));
        if (index < 0) {
            throw Invalid.of("", "must be one of " + String.join(", ", names) + ", was '" + text + "'");
        }
        return type.getEnumConstants()[index];
    }
}
