package io.smart402.server.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdDelegatingDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleDeserializers;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.ClassKey;
import com.fasterxml.jackson.databind.type.TypeFactory;
import com.fasterxml.jackson.databind.util.StdConverter;
import io.smart402.core.resilience.circuitbreaker.BreakerSettings;
import io.smart402.core.resilience.priority.Priority;
import io.smart402.server.auth.ApiKeys;
import io.smart402.shard.routing.RangeStrategy;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Function;

/**
 * Every custom deserializer of the configuration: durations, enums in kebab-case, priorities, and the
 * types of other modules read through a file-shaped record ({@link BreakerSpec}, {@link ApiKeySpec},
 * {@link RangeSpec}) so those modules need no Jackson annotations.
 */
final class ConfigModule extends SimpleModule {

    ConfigModule() {
        super("smart402-config");
        Deserializers deserializers = new Deserializers();
        deserializers.addDeserializer(Duration.class, new DurationDeserializer());
        deserializers.addDeserializer(Priority.class, new PriorityDeserializer());
        deserializers.addDeserializer(BreakerSettings.class, via(BreakerSpec.class, BreakerSpec::settings));
        deserializers.addDeserializer(ApiKeys.KeySpec.class, via(ApiKeySpec.class, ApiKeySpec::spec));
        deserializers.addDeserializer(RangeStrategy.Range.class, via(RangeSpec.class, RangeSpec::range));
        setDeserializers(deserializers);
    }

    private static <S, T> StdDelegatingDeserializer<T> via(Class<S> shape, Function<S, T> convert) {
        StdConverter<Object, T> converter = new StdConverter<>() {
            @Override
            public T convert(Object value) {
                return convert.apply(shape.cast(value));
            }

            @Override
            public JavaType getInputType(TypeFactory types) {
                return types.constructType(shape);
            }
        };
        return new StdDelegatingDeserializer<>(converter);
    }

    /** Registered types first, then every other enum in kebab-case. */
    private static final class Deserializers extends SimpleDeserializers {

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public JsonDeserializer<?> findEnumDeserializer(Class<?> type, DeserializationConfig config,
                                                        BeanDescription beanDesc) {
            if (_classMappings != null && _classMappings.containsKey(new ClassKey(type))) {
                return _classMappings.get(new ClassKey(type));
            }
            return new KebabEnumDeserializer(type);
        }
    }

    /** A name in any case, or the spec's level 0–4 (as the {@code X-Priority} header takes it). */
    private static final class PriorityDeserializer extends StdScalarDeserializer<Priority> {

        PriorityDeserializer() {
            super(Priority.class);
        }

        @Override
        public Priority deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String text = p.getText();
            return Priority.parse(text).orElseThrow(() -> Invalid.of("",
                    "must be CRITICAL, HIGH, NORMAL, LOW or BACKGROUND, was '" + text + "'"));
        }
    }
}
