package io.omicsmonitor.cli.redrive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading the two shapes of a dead-letter message, and what is neither. */
class RedriveDeadLetterTest {

    static final String EVENT = "{ \"version\" : \"0\", \"id\" : \"ev-1\", \"detail-type\" : \"Run Status Change\",\n"
            + "  \"source\" : \"aws.omics\", \"detail\" : { \"runName\" : \"a}\\\"b{[\", \"status\" : \"FAILED\" } }";

    @Test
    void cutsTheRequestPayloadOutOfARecordCharacterForCharacter() {
        String record = "{\n  \"version\": \"1.0\",\n  \"requestContext\": {\"functionArn\": \"arn:aws:lambda:us-west-2:"
                + "123456789012:function:f:live\", \"condition\": \"EventAgeExceeded\", \"approximateInvokeCount\": 1},\n"
                + "  \"requestPayload\":   " + EVENT + "  ,\n  \"responseContext\": {\"statusCode\": 200}\n}";

        DeadLetter letter = DeadLetter.read(record, Map.of());

        assertEquals(DeadLetter.Kind.INVOCATION_RECORD, letter.kind());
        assertEquals(EVENT, letter.payload(), "braces and quotes inside strings, spaces and line breaks kept");
        assertEquals("ev-1", letter.eventId());
        assertEquals("Run Status Change", letter.detailType());
        assertEquals("aws.omics", letter.source());
        assertEquals("arn:aws:lambda:us-west-2:123456789012:function:f:live", letter.targetFunction());
        assertEquals("Lambda EventAgeExceeded after 1 attempts", letter.cause(), "no responsePayload: the condition says why");
    }

    @Test
    void anEventBridgeMessageIsItsBodyAsIs() {
        DeadLetter letter = DeadLetter.read(EVENT, Map.of("TARGET_ARN", "arn:aws:lambda:us-west-2:1:function:f",
                "ERROR_CODE", "NO_PERMISSIONS", "ERROR_MESSAGE", "Lambda returned AccessDeniedException"));

        assertEquals(DeadLetter.Kind.EVENTBRIDGE, letter.kind());
        assertEquals(EVENT, letter.payload());
        assertEquals("EventBridge NO_PERMISSIONS: Lambda returned AccessDeniedException", letter.cause());
    }

    @Test
    void neitherShapeIsNamedWithWhatItLacks() {
        assertEquals("the body is empty", DeadLetter.read("", Map.of()).problem());
        assertEquals("neither an EventBridge event (id, detail-type, source, detail) nor a Lambda invocation record "
                + "(requestContext, requestPayload); it starts: '{\"id\":\"x\",\"source\":\"aws.omics\"}'",
                DeadLetter.read("{\"id\":\"x\",\"source\":\"aws.omics\"}", Map.of()).problem(), "no detail-type, no detail");
        DeadLetter noPayload = DeadLetter.read("{\"requestContext\":{},\"requestPayload\":null}", Map.of());
        assertFalse(noPayload.recognized());
        assertEquals("a Lambda invocation record whose requestPayload is null, not an event", noPayload.problem());
        assertNull(noPayload.payload());
    }

    @Test
    void functionNamesComeOutOfEveryFormInvokeTakes() {
        for (String f : new String[] {"my-fn", "my-fn:live", "123456789012:function:my-fn", "123456789012:function:my-fn:7",
            "arn:aws:lambda:us-west-2:123456789012:function:my-fn", "arn:aws:lambda:us-west-2:123456789012:function:my-fn:$LATEST"}) {
            assertEquals("my-fn", FunctionNames.name(f), f);
        }
        assertNull(FunctionNames.qualifier("my-fn"));
        assertNull(FunctionNames.qualifier("123456789012:function:my-fn"));
        assertNull(FunctionNames.qualifier("arn:aws:lambda:us-west-2:123456789012:function:my-fn"));
        assertEquals("live", FunctionNames.qualifier("my-fn:live"));
        assertEquals("7", FunctionNames.qualifier("123456789012:function:my-fn:7"));
        assertEquals("$LATEST", FunctionNames.qualifier("arn:aws:lambda:us-west-2:123456789012:function:my-fn:$LATEST"));
        assertEquals("StatusEventRecorderFunction", StackTargets.logicalId("status-event-recorder"));
        assertEquals("StatusEventRecorderFunction", StackTargets.logicalId("StatusEventRecorderFunction"));
        assertEquals("custom-metrics", StackTargets.shortName("CustomMetricsFunction"));
    }
}
