package io.omicsmonitor.common.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import io.omicsmonitor.common.events.EventEnvelope;
import io.omicsmonitor.common.events.EventReader;
import io.omicsmonitor.common.log.Log;
import io.omicsmonitor.common.log.LogContext;
import io.omicsmonitor.json.JsonWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * One Lambda invocation of an event function: read and check the event, do the work with the invocation's context on
 * every log line, write the work's result as the invocation's JSON output.
 *
 * <p>Every line of the invocation carries Lambda's request id and the X-Ray trace id (from the {@link Context} and the
 * trace header Lambda's Java runtime sets), whether it is the environment's first invocation ({@code coldStart}), then
 * the event id and detail-type once the event is read: one invocation can be followed from an alarm to its lines.
 *
 * <p>A failure is logged once, with the event id, and thrown on: the invocation fails, so EventBridge and Lambda
 * retry it and, in the end, the dead-letter queue keeps the event. Nothing here turns an error into a return value.
 */
public final class EventInvocation {

    private static final Log LOG = Log.of(EventInvocation.class);

    /** The trace header of the current invocation: Lambda's Java runtime sets this property before each one. */
    static final String TRACE_PROPERTY = "com.amazonaws.xray.traceHeader";
    /** The same header as an environment variable (other runtimes, {@code sam local}). */
    static final String TRACE_VARIABLE = "_X_AMZN_TRACE_ID";

    /**
     * True until this environment's first invocation. SnapStart priming does not count: the snapshot keeps it true,
     * so the first invocation of each restored environment is the cold one.
     */
    static final AtomicBoolean COLD = new AtomicBoolean(true);

    private EventInvocation() {
    }

    /** Lambda's invocation: {@code context} is the runtime's (null in some local runs, which have no request id). */
    public static void handle(InputStream in, OutputStream out, Context context, EventReader reader,
                              Function<EventEnvelope<JsonNode>, ?> work) {
        try (LogContext log = openLog(context)) {
            run(in, out, reader, work, log);
        }
    }

    /**
     * An invocation's log context, for every handler (EventBridge's and the others): the function, Lambda's request
     * id, the X-Ray trace id and whether this is the execution environment's first invocation.
     */
    public static LogContext openLog(Context context) {
        return LogContext.open("function", functionName())
                .put("requestId", context == null ? null : context.getAwsRequestId())
                .put("xrayTraceId", traceId())
                .put("coldStart", COLD.getAndSet(false));
    }

    /** SnapStart priming's run of the same path: no invocation of Lambda's, so no request id and no cold start. */
    static void prime(InputStream in, OutputStream out, EventReader reader, Function<EventEnvelope<JsonNode>, ?> work) {
        try (LogContext log = LogContext.open("function", functionName())) {
            run(in, out, reader, work, log);
        }
    }

    private static void run(InputStream in, OutputStream out, EventReader reader,
                            Function<EventEnvelope<JsonNode>, ?> work, LogContext log) {
        Object result;
        try {
            EventEnvelope<JsonNode> event = reader.read(in);
            log.put("eventId", event.id()).put("detailType", event.detailType());
            result = work.apply(event);
        } catch (RuntimeException e) {
            LOG.error("event failed", e);
            throw e;
        }
        try {
            JsonWriter.write(out, result);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the invocation's result", e);
        }
    }

    /**
     * The X-Ray trace id ({@code Root=1-5759e988-bd862e3fe1be46a994272793;Parent=...;Sampled=1} gives
     * {@code 1-5759e988-bd862e3fe1be46a994272793}), or null without a trace header.
     */
    static String traceId() {
        String header = System.getProperty(TRACE_PROPERTY);
        if (header == null || header.isBlank()) {
            header = System.getenv(TRACE_VARIABLE);
        }
        if (header == null || header.isBlank()) {
            return null;
        }
        for (String part : header.split(";")) {
            if (part.startsWith("Root=")) {
                return part.substring("Root=".length());
            }
        }
        return null;
    }

    private static String functionName() {
        String name = System.getenv("AWS_LAMBDA_FUNCTION_NAME");
        return name == null ? "local" : name;
    }
}
