package io.omicsmonitor.common.log;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fields every log line of one invocation carries (event id, run id, ...). Lambda runs one invocation at a time
 * per environment; the context is per thread all the same, so local runs that invoke handlers in parallel stay apart.
 *
 * <pre>{@code
 * try (LogContext context = LogContext.open("eventId", event.id())) {
 *     ...
 *     LogContext.add("runId", runId);   // deeper down, once the run id is known
 * }
 * }</pre>
 */
public final class LogContext implements AutoCloseable {

    private static final ThreadLocal<Map<String, Object>> FIELDS = ThreadLocal.withInitial(LinkedHashMap::new);

    private LogContext() {
    }

    public static LogContext open(String key, Object value) {
        FIELDS.get().clear();
        LogContext context = new LogContext();
        context.put(key, value);
        return context;
    }

    public LogContext put(String key, Object value) {
        add(key, value);
        return this;
    }

    /** Adds a field to the current invocation's context. */
    public static void add(String key, Object value) {
        if (value != null) {
            FIELDS.get().put(key, value);
        }
    }

    static Map<String, Object> current() {
        return FIELDS.get();
    }

    @Override
    public void close() {
        FIELDS.get().clear();
    }
}
