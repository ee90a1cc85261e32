package postdesk.cli;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;

/** {@code log.format=json}: the daemon's log as JSON lines (one object per event) for log collectors, instead of plain text. */
final class LogFormat {
    private LogFormat() {
    }

    static void use(String format) {
        if (!"json".equals(format)) return;
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (!(root.getAppender("STDERR") instanceof ConsoleAppender<ILoggingEvent> console)) return;
        JsonEncoder json = new JsonEncoder();
        json.setContext(context);
        json.start();
        console.stop();
        console.setEncoder(json);
        console.start();
    }
}
