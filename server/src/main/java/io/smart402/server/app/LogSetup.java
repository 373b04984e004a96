package io.smart402.server.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import io.smart402.server.config.LoggingConfig;
import io.smart402.server.logging.AccessLog;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Configures Logback from the {@code logging} section (part of the composition root: it reads the config), replacing whatever {@code logback.xml} set up: one console
 * appender on stdout (text or JSON lines), the root level and a level per package, and the access log on its own
 * logger ({@link AccessLog#LOGGER}) so it can be switched and formatted apart from the application's lines.
 * Programmatic rather than a generated XML file: the config loader already validated every value, and a typo
 * in a level must fail at start-up with the key's name, which Logback's XML reader would only warn about.
 */
public final class LogSetup {

    /** The text layout: time, level, thread, logger, request id (when the line is about a request), message. */
    static final String TEXT_PATTERN =
            "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{36}%replace( rid=%X{requestId}){' rid=$', ''} - %msg%n";

    private LogSetup() {
    }

    /** Applies {@code config} to the JVM's Logback context (call once, at start-up, before the server starts). */
    public static void apply(LoggingConfig config) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            apply(config, context);
        }
        // else another SLF4J backend is on the class path (an embedding application's choice): leave it alone
    }

    static void apply(LoggingConfig config, LoggerContext context) {
        context.reset();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.addAppender(console(context, "stdout", encoder(context, config.format() == LoggingConfig.Format.JSON)));
        root.setLevel(Level.toLevel(config.level()));
        for (Map.Entry<String, String> entry : config.levels().entrySet()) {
            context.getLogger(entry.getKey()).setLevel(Level.toLevel(entry.getValue()));
        }
        Logger access = context.getLogger(AccessLog.LOGGER);
        access.setAdditive(false);
        LoggingConfig.AccessLog mode = config.effectiveAccessLog();
        if (mode == LoggingConfig.AccessLog.OFF) {
            access.setLevel(Level.OFF);
        } else {
            access.setLevel(Level.INFO);
            access.addAppender(console(context, "access", encoder(context, mode == LoggingConfig.AccessLog.JSON)));
        }
    }

    /** The encoder of {@code logging.format} json (or text), started; tests capture lines with it. */
    public static Encoder<ILoggingEvent> encoder(LoggerContext context, boolean json) {
        if (json) {
            JsonEncoder encoder = new JsonEncoder();
            // The rendered message only: the template and its arguments would repeat it, the sequence number and
            // nanoseconds mean nothing to a log collector, and the context block is the same on every line.
            encoder.setWithMessage(false);
            encoder.setWithArguments(false);
            encoder.setWithFormattedMessage(true);
            encoder.setWithSequenceNumber(false);
            encoder.setWithNanoseconds(false);
            encoder.setWithContext(false);
            encoder.setContext(context);
            encoder.start();
            return encoder;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setPattern(TEXT_PATTERN);
        encoder.setContext(context);
        encoder.start();
        return encoder;
    }

    private static ConsoleAppender<ILoggingEvent> console(LoggerContext context, String name,
                                                          Encoder<ILoggingEvent> encoder) {
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setName(name);
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.start();
        return appender;
    }
}
