package io.omicsmonitor.common.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.fasterxml.jackson.databind.JsonNode;
import io.omicsmonitor.common.events.EventReader;
import io.omicsmonitor.common.log.Log;
import io.omicsmonitor.mapper.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * (The build runs tests at AWS_LAMBDA_LOG_LEVEL=WARN, so the lines here are WARN.) Every line an invocation logs carries Lambda's request id, the X-Ray trace id and whether it was the environment's
 * first invocation, as Powertools' logging stamps them; priming for the snapshot is no invocation.
 */
class EventInvocationLogTest {

    static final String EVENT = """
            {"version":"0","id":"6f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b","detail-type":"Run Status Change",
             "source":"aws.omics","account":"123456789012","time":"2026-11-20T10:00:00Z","region":"us-west-2",
             "resources":[],"detail":{"runId":"7382915","status":"RUNNING"}}""";
    static final String TRACE_HEADER = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";

    final EventReader reader = new EventReader(Clock.fixed(Instant.parse("2026-11-20T10:00:05Z"), ZoneOffset.UTC));
    final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    final Log log = Log.of(EventInvocationLogTest.class);

    @BeforeEach
    void capture() {
        Log.redirect(new PrintStream(captured, true, StandardCharsets.UTF_8));
        System.setProperty(EventInvocation.TRACE_PROPERTY, TRACE_HEADER);
        EventInvocation.COLD.set(true); // a fresh execution environment
    }

    @AfterEach
    void restore() {
        Log.redirect(System.out);
        System.clearProperty(EventInvocation.TRACE_PROPERTY);
    }

    @Test
    void everyLineCarriesTheRequestIdTheTraceIdAndTheColdStartFlag() throws IOException {
        invoke("req-1", event -> {
            log.warn("working");
            return "ok";
        });
        assertThrows(IllegalStateException.class, () -> invoke("req-2", event -> {
            throw new IllegalStateException("S3 said no");
        }));

        List<JsonNode> lines = lines();
        assertEquals(2, lines.size(), captured.toString(StandardCharsets.UTF_8));
        JsonNode first = lines.get(0);
        assertEquals("working", first.get("message").asText());
        assertEquals("req-1", first.get("requestId").asText());
        assertEquals("1-5759e988-bd862e3fe1be46a994272793", first.get("xrayTraceId").asText());
        assertTrue(first.get("coldStart").asBoolean());
        assertEquals("6f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b", first.get("eventId").asText());

        JsonNode failure = lines.get(1);
        assertEquals("ERROR", failure.get("level").asText());
        assertEquals("req-2", failure.get("requestId").asText());
        assertEquals("1-5759e988-bd862e3fe1be46a994272793", failure.get("xrayTraceId").asText());
        assertFalse(failure.get("coldStart").asBoolean(), "the environment's second invocation is warm");
        assertEquals("S3 said no", failure.get("errorMessage").asText());
    }

    @Test
    void primingForTheSnapshotLeavesTheFirstInvocationCold() throws IOException {
        SnapStartPriming.invocation(reader, EVENT, event -> {
            log.warn("priming");
            return "primed";
        });
        invoke("req-1", event -> {
            log.warn("working");
            return "ok";
        });

        List<JsonNode> lines = lines();
        assertFalse(lines.get(0).has("requestId"), "priming is no invocation: " + lines.get(0));
        assertFalse(lines.get(0).has("coldStart"), lines.get(0).toString());
        assertTrue(lines.get(1).get("coldStart").asBoolean(), lines.get(1).toString());
    }

    @Test
    void withoutATraceHeaderOrAContextTheLineSaysSoByLeavingThemOut() throws IOException {
        System.clearProperty(EventInvocation.TRACE_PROPERTY);
        EventInvocation.handle(new ByteArrayInputStream(EVENT.getBytes(StandardCharsets.UTF_8)),
                OutputStream.nullOutputStream(), null, reader, event -> {
                    log.warn("local run");
                    return "ok";
                });
        JsonNode line = lines().get(0);
        assertFalse(line.has("requestId"), line.toString());
        assertEquals(System.getenv(EventInvocation.TRACE_VARIABLE) != null, line.has("xrayTraceId"), line.toString());
        assertTrue(line.get("coldStart").asBoolean());
    }

    void invoke(String requestId, java.util.function.Function<io.omicsmonitor.common.events.EventEnvelope<JsonNode>, ?> work) {
        EventInvocation.handle(new ByteArrayInputStream(EVENT.getBytes(StandardCharsets.UTF_8)),
                OutputStream.nullOutputStream(), new RequestContext(requestId), reader, work);
    }

    List<JsonNode> lines() throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : captured.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                lines.add(Json.MAPPER.readTree(line));
            }
        }
        return lines;
    }

    /** The part of Lambda's Context the functions read: the request id. */
    record RequestContext(String getAwsRequestId) implements Context {
        @Override
        public String getLogGroupName() {
            return "/aws/lambda/test";
        }

        @Override
        public String getLogStreamName() {
            return "2026/11/20/[$LATEST]0123";
        }

        @Override
        public String getFunctionName() {
            return "test";
        }

        @Override
        public String getFunctionVersion() {
            return "$LATEST";
        }

        @Override
        public String getInvokedFunctionArn() {
            return "arn:aws:lambda:us-west-2:123456789012:function:test";
        }

        @Override
        public CognitoIdentity getIdentity() {
            return null;
        }

        @Override
        public ClientContext getClientContext() {
            return null;
        }

        @Override
        public int getRemainingTimeInMillis() {
            return 30_000;
        }

        @Override
        public int getMemoryLimitInMB() {
            return 512;
        }

        @Override
        public LambdaLogger getLogger() {
            return null;
        }
    }
}
