package io.omicsmonitor.common.lambda;

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
import java.util.function.Function;

/**
 * One Lambda invocation of an event function: read and check the event, do the work with the event id on every log
 * line, write the work's result as the invocation's JSON output.
 *
 * <p>A failure is logged once, with the event id, and thrown on: the invocation fails, so EventBridge and Lambda
 * retry it and, in the end, the dead-letter queue keeps the event. Nothing here turns an error into a return value.
 */
public final class EventInvocation {

    private static final Log LOG = Log.of(EventInvocation.class);

    private EventInvocation() {
    }

    public static void handle(InputStream in, OutputStream out, EventReader reader,
                              Function<EventEnvelope<JsonNode>, ?> work) {
        try (LogContext context = LogContext.open("function", functionName())) {
            Object result;
            try {
                EventEnvelope<JsonNode> event = reader.read(in);
                context.put("eventId", event.id()).put("detailType", event.detailType());
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
    }

    private static String functionName() {
        String name = System.getenv("AWS_LAMBDA_FUNCTION_NAME");
        return name == null ? "local" : name;
    }
}
