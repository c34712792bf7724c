package io.omicsmonitor.cli.invoke;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omicsmonitor.cli.UserError;
import io.omicsmonitor.common.Env;
import io.omicsmonitor.common.aws.AwsClients;
import io.omicsmonitor.mapper.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.time.Clock;
import java.util.Map;

/**
 * Runs a function in this process as Lambda would: the handler class built once through its public
 * {@code (Env, AwsClients, Clock)} constructor (Lambda's init), then {@code handleRequest} on the event's bytes.
 * A failure in either comes back as Lambda reports it: {@code {"errorMessage", "errorType", "stackTrace"}}.
 */
public final class FunctionRunner {

    private final String functionName;
    private final String region;
    private final RequestStreamHandler handler;
    private final Throwable initError;

    private FunctionRunner(String functionName, String region, RequestStreamHandler handler, Throwable initError) {
        this.functionName = functionName;
        this.region = region;
        this.handler = handler;
        this.initError = initError;
    }

    /** The outcome of one invocation: the function's JSON output, or its error in Lambda's shape. */
    public record Outcome(boolean succeeded, JsonNode payload, Throwable error) {
    }

    /**
     * Builds the handler. An exception from its constructor is kept and reported on every invocation, as Lambda
     * reports an init error; a class that is not there is the user's problem to fix (the build).
     */
    public static FunctionRunner start(String functionName, String handlerClass, Map<String, String> environment,
                                       AwsClients aws, Clock clock) {
        Class<?> type;
        try {
            type = Class.forName(handlerClass);
        } catch (ClassNotFoundException e) {
            throw new UserError("the handler class " + handlerClass + " of " + functionName + " is not in this build: "
                    + "rebuild the command line (./omics-monitor rebuilds it when sources change, or run "
                    + "mvn -B -DskipTests package -pl cli -am)");
        }
        if (!RequestStreamHandler.class.isAssignableFrom(type)) {
            throw new UserError(handlerClass + " is not a RequestStreamHandler; only stream handlers run locally");
        }
        Constructor<?> constructor;
        try {
            constructor = type.getConstructor(Env.class, AwsClients.class, Clock.class);
        } catch (NoSuchMethodException e) {
            throw new UserError(handlerClass + " has no public (Env, AwsClients, Clock) constructor to run it locally");
        }
        try {
            return new FunctionRunner(functionName, aws.region().id(),
                    (RequestStreamHandler) constructor.newInstance(new Env(environment), aws, clock), null);
        } catch (InvocationTargetException e) {
            return new FunctionRunner(functionName, aws.region().id(), null, e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot construct " + handlerClass, e);
        }
    }

    public Outcome invoke(byte[] event) {
        if (initError != null) {
            return new Outcome(false, lambdaError(initError), initError);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(event), out, new LocalContext(functionName, region, 900));
        } catch (IOException | RuntimeException | Error e) {
            return new Outcome(false, lambdaError(e), e);
        }
        try {
            byte[] output = out.toByteArray();
            return new Outcome(true, output.length == 0 ? Json.MAPPER.nullNode() : Json.MAPPER.readTree(output), null);
        } catch (IOException e) {
            throw new IllegalStateException(functionName + " wrote output that is not JSON", e);
        }
    }

    /** Lambda's Java runtime's error document: message, the exception's class, its stack, its causes. */
    public static ObjectNode lambdaError(Throwable error) {
        ObjectNode document = Json.MAPPER.createObjectNode();
        document.put("errorMessage", error.getMessage() == null ? error.toString() : error.getMessage());
        document.put("errorType", error.getClass().getName());
        var stack = document.putArray("stackTrace");
        for (StackTraceElement frame : error.getStackTrace()) {
            if (frame.getClassName().equals(FunctionRunner.class.getName())) {
                break; // the function's own frames, as in Lambda; not this command line's
            }
            stack.add(frame.toString());
        }
        if (error.getCause() != null && error.getCause() != error) {
            document.set("cause", lambdaError(error.getCause()));
        }
        return document;
    }
}
