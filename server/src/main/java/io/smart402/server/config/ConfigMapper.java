package io.smart402.server.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Collection;
import java.util.Map;

/**
 * Binds the merged tree to {@link ServerConfig} with Jackson, and turns Jackson's errors into messages that
 * name the key as the file spells it ({@code store.range.ranges[0].shard}).
 */
final class ConfigMapper {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            // a List-typed accessor must not swallow a key the file does not have
            .disable(MapperFeature.USE_GETTERS_AS_SETTERS)
            .addModule(new ConfigModule())
            .build();

    private ConfigMapper() {
    }

    static ServerConfig bind(JsonNode tree) {
        try {
            return MAPPER.treeToValue(tree, ServerConfig.class);
        } catch (JsonMappingException e) {
            throw translate(e);
        } catch (JsonProcessingException e) {
            throw new ConfigException("cannot read the configuration: " + e.getOriginalMessage(), e);
        }
    }

    private static ConfigException translate(JsonMappingException e) {
        String path = path(e);
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof ConfigException c) {
                return c;
            }
            if (t instanceof Invalid invalid) {
                return new ConfigException(invalid.messageAt(path), e);
            }
        }
        if (e instanceof UnrecognizedPropertyException) {
            return new ConfigException("unknown configuration key '" + path + "'", e);
        }
        if (e instanceof InvalidFormatException f) {
            return new ConfigException("'" + path + "' must be " + expected(f.getTargetType()) + ", was '"
                    + f.getValue() + "'", e);
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            return new ConfigException("'" + path + "' must be " + expected(m.getTargetType()), e);
        }
        return new ConfigException("'" + path + "': " + e.getOriginalMessage(), e);
    }

    /** Jackson's path as the file spells it: {@code shards[0].primary.port}. */
    private static String path(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            } else if (ref.getFieldName() != null) {
                out.append(out.isEmpty() ? "" : ".").append(ref.getFieldName());
            }
        }
        return out.toString();
    }

    private static String expected(Class<?> type) {
        if (type == int.class || type == long.class || type == Integer.class || type == Long.class) {
            return "an integer";
        }
        if (type == double.class || type == float.class || type == Double.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class || type.isEnum()) {
            return "text";
        }
        if (Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        return Map.class.isAssignableFrom(type) || type.isRecord() ? "a mapping" : "a " + type.getSimpleName();
    }
}
