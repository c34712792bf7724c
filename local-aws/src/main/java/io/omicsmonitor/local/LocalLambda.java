package io.omicsmonitor.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import io.omicsmonitor.mapper.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Invokes a function in this process as Lambda would: the event's bytes in, the JSON result out. */
public final class LocalLambda {

    private LocalLambda() {
    }

    /** The invocation's result; an invocation that fails throws what the function threw. */
    public static JsonNode invoke(RequestStreamHandler function, byte[] event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            function.handleRequest(new ByteArrayInputStream(event), out, null);
            return Json.MAPPER.readTree(out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
