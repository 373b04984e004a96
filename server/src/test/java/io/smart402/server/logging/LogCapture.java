package io.smart402.server.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smart402.server.app.LogSetup;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Captures what the JVM logs, encoded exactly as {@code logging.format: json} writes it on stdout (LogSetup's
 * encoder), at the levels a test asks for; {@link #close} restores the levels and detaches. Lines are parsed
 * as JSON: one that does not parse fails the test.
 */
public final class LogCapture implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    private final Map<Logger, Level> previous = new HashMap<>();
    private final List<Logger> attached = new ArrayList<>();

    /** @param levels logger name → level while capturing; the root and the access logger are always captured */
    public LogCapture(Map<String, Level> levels) {
        appender.setName("test-capture");
        appender.setContext(context);
        appender.setEncoder(LogSetup.encoder(context, true));
        appender.setOutputStream(out);
        appender.setImmediateFlush(true);
        appender.start();
        for (Map.Entry<String, Level> entry : levels.entrySet()) {
            Logger logger = context.getLogger(entry.getKey());
            previous.put(logger, logger.getLevel());
            logger.setLevel(entry.getValue());
        }
        for (String name : List.of(Logger.ROOT_LOGGER_NAME, AccessLog.LOGGER)) {
            Logger logger = context.getLogger(name);
            logger.addAppender(appender);
            attached.add(logger);
        }
    }

    /** Every line captured so far, parsed. */
    public List<JsonNode> lines() {
        String text;
        synchronized (out) {
            text = out.toString(StandardCharsets.UTF_8);
        }
        List<JsonNode> lines = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isEmpty()) {
                try {
                    lines.add(JSON.readTree(line));
                } catch (IOException e) {
                    throw new UncheckedIOException("not a JSON line: " + line, e);
                }
            }
        }
        return lines;
    }

    /** The raw text captured so far. */
    public String text() {
        synchronized (out) {
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        attached.forEach(logger -> logger.detachAppender(appender));
        previous.forEach(Logger::setLevel);
        appender.stop();
    }
}
