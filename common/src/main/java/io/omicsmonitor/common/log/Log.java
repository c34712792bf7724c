package io.omicsmonitor.common.log;

import com.fasterxml.jackson.core.JsonGenerator;
import io.omicsmonitor.json.JsonWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Structured logging: one JSON object a line on standard output, which Lambda sends to CloudWatch Logs and Logs
 * Insights reads field by field. Every line carries the invocation's context ({@link LogContext}: Lambda's request id,
 * the X-Ray trace id, the cold-start flag, the event id, the run id), so {@code filter eventId = "..."} or
 * {@code filter requestId = "..."} finds everything one event did.
 *
 * <p>The functions' {@code LoggingConfig} is {@code LogFormat: JSON}: Lambda keeps a line that is already a JSON object
 * as it is, takes its {@code level} (and an RFC 3339 {@code timestamp}) as the line's, and drops lines below the
 * function's {@code ApplicationLogLevel}, which it passes as {@code AWS_LAMBDA_LOG_LEVEL}: the threshold here, so a
 * line Lambda would drop is not even written. Lambda's levels TRACE and FATAL are read as DEBUG and ERROR.
 *
 * <p>Deliberately tiny: a logging framework would add a second or so to every cold start for nothing this needs.
 */
public final class Log {

    public enum Level { DEBUG, INFO, WARN, ERROR }

    private static volatile PrintStream out = System.out;
    /** Set by Lambda from the function's {@code LoggingConfig.ApplicationLogLevel}; INFO when unset (local runs). */
    public static final String LEVEL_VARIABLE = "AWS_LAMBDA_LOG_LEVEL";

    private static final Level THRESHOLD = threshold(System.getenv(LEVEL_VARIABLE));

    private final String logger;

    private Log(String logger) {
        this.logger = logger;
    }

    public static Log of(Class<?> type) {
        return new Log(type.getSimpleName());
    }

    /** Where lines go; tests capture them here. */
    public static void redirect(PrintStream stream) {
        out = stream;
    }

    public void debug(String message, Object... keyValues) {
        log(Level.DEBUG, message, null, keyValues);
    }

    public void info(String message, Object... keyValues) {
        log(Level.INFO, message, null, keyValues);
    }

    public void warn(String message, Object... keyValues) {
        log(Level.WARN, message, null, keyValues);
    }

    public void error(String message, Throwable error, Object... keyValues) {
        log(Level.ERROR, message, error, keyValues);
    }

    private void log(Level level, String message, Throwable error, Object... keyValues) {
        if (level.compareTo(THRESHOLD) < 0) {
            return;
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("timestamp", Instant.now().toString());
        line.put("level", level.name());
        line.put("logger", logger);
        line.put("message", message);
        line.putAll(LogContext.current());
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            line.put(String.valueOf(keyValues[i]), keyValues[i + 1]);
        }
        if (error != null) {
            line.put("errorType", error.getClass().getName());
            line.put("errorMessage", error.getMessage());
        }
        StringWriter text = new StringWriter(256);
        try (JsonGenerator json = JsonWriter.factory().createGenerator(text)) {
            // a value of a type JsonWriter does not know is logged as its String.valueOf, never fails the line
            JsonWriter.writeLenient(json, line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.println(text);
    }

    static Level threshold(String name) {
        if (name == null || name.isBlank()) {
            return Level.INFO;
        }
        String level = name.trim().toUpperCase(java.util.Locale.ROOT);
        switch (level) {
            case "TRACE":
                return Level.DEBUG;
            case "FATAL":
                return Level.ERROR;
            default:
                try {
                    return Level.valueOf(level);
                } catch (IllegalArgumentException e) {
                    return Level.INFO;
                }
        }
    }
}
