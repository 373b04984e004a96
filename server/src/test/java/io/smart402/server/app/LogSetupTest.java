package io.smart402.server.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smart402.server.config.ConfigLoader;
import io.smart402.server.config.LoggingConfig;
import io.smart402.server.logging.AccessLog;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogSetupTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static LoggingConfig config(String... overrides) {
        return ConfigLoader.load(null, Map.of(), List.of(overrides)).logging();
    }

    /** A fresh context, so the test JVM's own logging (logback-test.xml) is left as it is. */
    private static LoggerContext applied(LoggingConfig config) {
        LoggerContext context = new LoggerContext();
        LogSetup.apply(config, context);
        return context;
    }

    private static String encode(LoggerContext context, String loggerName, String requestId, String template,
                                 Object... args) {
        Logger logger = context.getLogger(loggerName);
        OutputStreamAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender =
                (OutputStreamAppender<ch.qos.logback.classic.spi.ILoggingEvent>)
                        (loggerName.equals(AccessLog.LOGGER) ? logger : context.getLogger(Logger.ROOT_LOGGER_NAME))
                                .iteratorForAppenders().next();
        LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, Level.INFO, template, null, args);
        event.setMDCPropertyMap(requestId == null ? Map.of() : Map.of("requestId", requestId));
        return new String(appender.getEncoder().encode(event), StandardCharsets.UTF_8);
    }

    @Test
    void jsonFormatWritesOneParsableObjectPerLineWithTimestampLevelLoggerMessageAndMdc() throws Exception {
        LoggerContext context = applied(config("logging.format=json"));

        String line = encode(context, "io.smart402.shard.store", "req-1", "wrote {} rows \"quoted\"\n{}", 3, "x");

        assertThat(line).endsWith("\n");
        assertThat(line.substring(0, line.length() - 1)).doesNotContain("\n");
        JsonNode node = JSON.readTree(line);
        assertThat(node.get("timestamp").isNumber()).isTrue();
        assertThat(node.get("level").asText()).isEqualTo("INFO");
        assertThat(node.get("loggerName").asText()).isEqualTo("io.smart402.shard.store");
        assertThat(node.get("formattedMessage").asText()).isEqualTo("wrote 3 rows \"quoted\"\nx");
        assertThat(node.get("mdc").get("requestId").asText()).isEqualTo("req-1");
        assertThat(node.has("message")).as("the template would repeat the message").isFalse();
    }

    @Test
    void textFormatIsOneReadableLineWithTheRequestIdOnlyWhenThereIsOne() {
        LoggerContext context = applied(config());

        assertThat(encode(context, "a.b", "req-7", "hello {}", "world"))
                .matches("\\S+ INFO  \\[.*] a\\.b rid=req-7 - hello world\\R");
        assertThat(encode(context, "a.b", null, "hello")).matches("\\S+ INFO  \\[.*] a\\.b - hello\\R");
    }

    @Test
    void levelsApplyPerPackageOverTheRootLevel() {
        LoggerContext context = applied(config("logging.level=warn",
                "logging.levels={io.smart402.shard: debug, io.netty: error}"));

        assertThat(context.getLogger("io.smart402.core.x").isInfoEnabled()).isFalse();
        assertThat(context.getLogger("io.smart402.shard.store.ShardWriteQueue").isDebugEnabled()).isTrue();
        assertThat(context.getLogger("io.netty.channel").isWarnEnabled()).isFalse();
    }

    @Test
    void accessLogFollowsTheFormatUnlessSetAndCanBeTurnedOff() throws Exception {
        LoggerContext json = applied(config("logging.format=json"));
        JsonNode line = JSON.readTree(encode(json, AccessLog.LOGGER, "r", "GET /health 200"));
        assertThat(line.get("formattedMessage").asText()).isEqualTo("GET /health 200");

        LoggerContext text = applied(config("logging.format=json", "logging.access-log=text"));
        assertThat(encode(text, AccessLog.LOGGER, "r", "GET /health 200")).contains(" - GET /health 200");

        LoggerContext off = applied(config("logging.access-log=off"));
        assertThat(off.getLogger(AccessLog.LOGGER).isInfoEnabled()).isFalse();
        assertThat(off.getLogger(AccessLog.LOGGER).isAdditive()).as("never repeated by the root appender").isFalse();
    }

    @Test
    void aLevelThatIsNoLevelFailsAtLoadNamingTheKey() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> config("logging.levels={io.smart402: loud}"))
                .hasMessageContaining("logging.levels.io.smart402").hasMessageContaining("loud");
    }
}
