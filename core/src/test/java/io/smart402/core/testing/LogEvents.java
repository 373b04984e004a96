package io.smart402.core.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** The events one logger (and its children) wrote while this is open; for tests of lifecycle log lines. */
public final class LogEvents implements AutoCloseable {

    private final Logger logger;
    private final Level previous;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    public LogEvents(Class<?> type, Level level) {
        this(type.getName(), level);
    }

    public LogEvents(String name, Level level) {
        this.logger = (Logger) LoggerFactory.getLogger(name);
        this.previous = logger.getLevel();
        appender.setContext(logger.getLoggerContext());
        appender.start();
        logger.addAppender(appender);
        logger.setLevel(level);
    }

    /** The formatted messages so far, in order. */
    public List<String> messages() {
        synchronized (appender) {
            return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    /** The messages containing {@code fragment}. */
    public List<String> containing(String fragment) {
        return messages().stream().filter(m -> m.contains(fragment)).toList();
    }

    /** The levels of the messages containing {@code fragment}. */
    public List<Level> levelsOf(String fragment) {
        synchronized (appender) {
            return appender.list.stream().filter(e -> e.getFormattedMessage().contains(fragment))
                    .map(ILoggingEvent::getLevel).toList();
        }
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        logger.setLevel(previous);
        appender.stop();
    }
}
