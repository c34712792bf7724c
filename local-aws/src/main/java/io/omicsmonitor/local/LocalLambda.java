package io.omicsmonitor.local;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
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
        return invoke(function, event, null);
    }

    /**
     * As {@link #invoke(RequestStreamHandler, byte[])}, with a Lambda context that says which ARN was invoked (a
     * function that schedules itself reads it), or none when {@code invokedFunctionArn} is null.
     */
    public static JsonNode invoke(RequestStreamHandler function, byte[] event, String invokedFunctionArn) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            function.handleRequest(new ByteArrayInputStream(event), out,
                    invokedFunctionArn == null ? null : context(invokedFunctionArn));
            return Json.MAPPER.readTree(out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Context context(String invokedFunctionArn) {
        String[] arn = invokedFunctionArn.split(":");
        return new Context() {
            @Override public String getAwsRequestId() { return "local-request"; }
            @Override public String getLogGroupName() { return null; }
            @Override public String getLogStreamName() { return null; }
            @Override public String getFunctionName() { return arn.length > 6 ? arn[6] : invokedFunctionArn; }
            @Override public String getFunctionVersion() { return "$LATEST"; }
            @Override public String getInvokedFunctionArn() { return invokedFunctionArn; }
            @Override public CognitoIdentity getIdentity() { return null; }
            @Override public ClientContext getClientContext() { return null; }
            @Override public int getRemainingTimeInMillis() { return 30_000; }
            @Override public int getMemoryLimitInMB() { return 512; }
            @Override public LambdaLogger getLogger() { return null; }
        };
    }
}
