package io.omicsmonitor.cli.redrive;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.omicsmonitor.local.LocalAws;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code redrive} end to end through the real SqsClient and LambdaClient of SDK 2.40.2 against a loopback WireMock:
 * SQS in the AWS JSON 1.0 protocol (a stateful queue, {@link SqsQueueStub}), Lambda's REST Invoke
 * ({@code POST /2015-03-31/functions/{name}/invocations}, {@code X-Amz-Invocation-Type: Event}, answering 202, or
 * errors in {@code x-amzn-ErrorType}), CloudFormation's query protocol (ListStackResources) for {@code --stack}.
 * Static throwaway credentials; no network beyond loopback.
 */
class RedriveCommandTest {

    static final String ACCOUNT = "123456789012";
    static final String FUNCTION = "omics-monitor-StatusEventRecorderFunction-Q1w2E3r4T5y6";
    static final String LIVE_ARN = "arn:aws:lambda:us-west-2:" + ACCOUNT + ":function:" + FUNCTION + ":live";
    static final String RULE_ARN = "arn:aws:events:us-west-2:" + ACCOUNT + ":rule/omics-monitor-StatusEventRecorderFunctionStatusChanges-1AbC";
    /** Fast backoff for tests: the production strategy with smaller delays. */
    static final RedriveCommand.RetryTuning FAST = new RedriveCommand.RetryTuning(3, Duration.ofMillis(1), Duration.ofMillis(5));

    static final SqsQueueStub queue = new SqsQueueStub();
    static WireMockServer server;

    @BeforeAll
    static void start() {
        server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort()
                .containerThreads(8).extensions(queue));
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @BeforeEach
    void stubs() {
        server.resetAll();
        queue.reset();
        server.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", matching("AmazonSQS\\..+"))
                .withHeader("Content-Type", equalTo("application/x-amz-json-1.0"))
                .willReturn(aResponse().withTransformers(SqsQueueStub.NAME)));
        server.stubFor(post(urlPathMatching("/2015-03-31/functions/[^/]+/invocations"))
                .withHeader("X-Amz-Invocation-Type", equalTo("Event"))
                .willReturn(aResponse().withStatus(202).withHeader("x-amzn-RequestId", "a1b2c3d4-0000-4000-8000-000000000202")));
    }

    // ---------------------------------------------------------------- tests

    @Test
    void resendsTheOriginalEventOfBothShapesAndDeletesOnlyWhatLambdaAccepted() {
        String e1 = event(1, "Run Status Change", "FAILED");
        String e2 = event(2, "Task Status Change", "COMPLETED");
        String e3 = event(3, "Run Status Change", "COMPLETED");
        String e4 = event(4, "Run Status Change", "CANCELLED");
        String m1 = queue.add(e1, eventBridgeAttributes());
        String m2 = queue.add(invocationRecord(e2, 3), Map.of());
        String m3 = queue.add(e3, eventBridgeAttributes());
        String m4 = queue.add(invocationRecord(e4, 3), Map.of());

        Result result = redrive("--queue-url", SqsQueueStub.QUEUE_URL, "--function", LIVE_ARN);

        assertEquals(0, result.exitCode, result.all());
        List<Invoke> invokes = acceptedInvokes();
        assertEquals(List.of(e1, e2, e3, e4), invokes.stream().map(Invoke::text).toList(), "the events, in queue order");
        assertArrayEquals(e2.getBytes(StandardCharsets.UTF_8), invokes.get(1).body(),
                "the invocation record's requestPayload, byte for byte (UTF-8 'µ' included)");
        assertTrue(invokes.stream().allMatch(i -> i.function().equals(LIVE_ARN)), invokes.toString());
        assertEquals(List.of(m1, m2, m3, m4), queue.deletedIds());
        assertEquals(List.of(m1, m2, m3, m4).stream().map(m -> queue.handlesOf(m).get(0)).toList(), queue.deletedHandles(),
                "deleted with the receipt handle of the receive that got them");
        assertEquals(List.of(), queue.messageIds(), "the queue is empty");
        assertEquals(300, queue.receiveRequests().get(0).path("VisibilityTimeout").asInt());
        assertEquals(10, queue.receiveRequests().get(0).path("MaxNumberOfMessages").asInt());
        assertEquals("re-sent        event " + id(1) + "  Run Status Change  aws.omics -> " + LIVE_ARN + "; it was in the "
                + "queue because EventBridge could not deliver it: EventBridge SDK_CLIENT_ERROR after 185 retries "
                + "(MaximumRetryAttempts): Unable to invoke the function: Rate Exceeded.", result.outLines().get(0));
        assertEquals("re-sent        event " + id(2) + "  Task Status Change  aws.omics -> " + LIVE_ARN + "; it was in the "
                + "queue because Lambda's retries failed: Lambda RetriesExhausted after 3 attempts: "
                + "io.omicsmonitor.common.aws.SdkFailure: S3 PutObject failed: SlowDown (after 4 attempts)",
                result.outLines().get(1));
        assertEquals("""
                received: 4
                re-sent:  4 (accepted by Lambda, then deleted from the queue)
                left:     0
                failed:   0
                """, result.summary());
    }

    @Test
    void aDryRunListsEachEventAndSendsAndDeletesNothing() {
        String e1 = event(1, "Run Status Change", "FAILED");
        String e2 = event(2, "Run Status Change", "COMPLETED");
        List<String> ids = List.of(queue.add(e1, eventBridgeAttributes()), queue.add(invocationRecord(e2, 3), Map.of()),
                queue.add("{\"hello\":\"world\"}", Map.of()));

        Result result = redrive("--queue-url", SqsQueueStub.QUEUE_URL, "--function", LIVE_ARN, "--dry-run");

        assertEquals(1, result.exitCode, "the unknown message would fail: " + result.all());
        assertEquals(0, server.countRequestsMatching(postRequestedFor(urlPathMatching("/2015-03-31/.*")).build()).getCount(),
                "no Invoke");
        assertEquals(List.of(), queue.deletedIds(), "no delete");
        assertEquals(ids, queue.messageIds());
        assertEquals(ids, queue.visibleMessageIds(), "every message is visible again");
        JsonNode release = queue.visibilityChangeRequests().get(0);
        assertEquals(3, release.path("Entries").size());
        release.path("Entries").forEach(e -> assertEquals(0, e.path("VisibilityTimeout").asInt()));
        assertEquals(List.of(
                "would re-send  event " + id(1) + "  Run Status Change  aws.omics -> " + LIVE_ARN + "; in the queue because "
                        + "EventBridge could not deliver it: EventBridge SDK_CLIENT_ERROR after 185 retries "
                        + "(MaximumRetryAttempts): Unable to invoke the function: Rate Exceeded.",
                "would re-send  event " + id(2) + "  Run Status Change  aws.omics -> " + LIVE_ARN + "; in the queue because "
                        + "Lambda's retries failed: Lambda RetriesExhausted after 3 attempts: "
                        + "io.omicsmonitor.common.aws.SdkFailure: S3 PutObject failed: SlowDown (after 4 attempts)",
                "left           message " + ids.get(2) + ": neither an EventBridge event (id, detail-type, source, detail) "
                        + "nor a Lambda invocation record (requestContext, requestPayload); it starts: '{\"hello\":\"world\"}'"),
                result.outLines().subList(0, 3));
        assertEquals("received: 3\n"
                + "re-sent:  0 (dry run: nothing was invoked or deleted; 2 would be re-sent)\n"
                + "left:     3 (on the queue, visible again; 2 by the dry run, listed above)\n"
                + "  message " + ids.get(2) + ": neither an EventBridge event (id, detail-type, source, detail) nor a "
                + "Lambda invocation record (requestContext, requestPayload); it starts: '{\"hello\":\"world\"}'\n"
                + "failed:   1\n", result.summary());
    }

    @Test
    void aThrottledOrFailingInvokeLeavesItsMessageAndCountsItFailed() {
        String e1 = event(1, "Run Status Change", "FAILED");
        String e2 = event(2, "Run Status Change", "COMPLETED");
        String e3 = event(3, "Run Status Change", "CANCELLED");
        String m1 = queue.add(e1, eventBridgeAttributes());
        String m2 = queue.add(invocationRecord(e2, 3), Map.of());
        String m3 = queue.add(e3, eventBridgeAttributes());
        server.stubFor(post(urlPathMatching("/2015-03-31/functions/.+/invocations")).withRequestBody(containing(id(1)))
                .atPriority(1).willReturn(lambdaError(429, "TooManyRequestsException",
                        "{\"Type\":\"User\",\"message\":\"Rate Exceeded.\",\"Reason\":\"ReservedFunctionConcurrentInvocationLimitExceeded\"}")));
        server.stubFor(post(urlPathMatching("/2015-03-31/functions/.+/invocations")).withRequestBody(containing(id(3)))
                .atPriority(1).willReturn(lambdaError(500, "ServiceException",
                        "{\"Type\":\"Service\",\"message\":\"An internal error occurred.\"}")));

        Result result = redrive("--queue-url", SqsQueueStub.QUEUE_URL, "--function", FUNCTION + ":live");

        assertEquals(1, result.exitCode, result.all());
        assertEquals(List.of(e2), acceptedInvokes().stream().map(Invoke::text).toList());
        assertEquals(3, invokeAttempts(id(1)), "the SDK retried the throttled Invoke");
        assertEquals(3, invokeAttempts(id(3)), "and the 5xx");
        assertEquals(List.of(m2), queue.deletedIds());
        assertEquals(List.of(m1, m3), queue.messageIds());
        assertEquals(List.of(m1, m3), queue.visibleMessageIds(), "left visible for the alarm and the next redrive");
        assertEquals("received: 3\n"
                + "re-sent:  1 (accepted by Lambda, then deleted from the queue)\n"
                + "left:     2 (on the queue, visible again)\n"
                + "  message " + m1 + " (event " + id(1) + "): Invoke failed: TooManyRequestsException: Rate Exceeded. (after 3 attempts)\n"
                + "  message " + m3 + " (event " + id(3) + "): Invoke failed: ServiceException: An internal error occurred. (after 3 attempts)\n"
                + "failed:   2\n", result.summary());
    }

    @Test
    void messagesOfUnknownShapeAreLeftAndReported() {
        String good = event(1, "Run Status Change", "FAILED");
        String m1 = queue.add("not json at all", Map.of());
        String m2 = queue.add("[1,2,3]", Map.of());
        String m3 = queue.add("{\"requestContext\":{\"functionArn\":\"" + LIVE_ARN + "\"},\"requestPayload\":\"a string\"}", Map.of());
        String m4 = queue.add(good, eventBridgeAttributes());

        Result result = redrive("--queue-url", SqsQueueStub.QUEUE_URL, "--function", LIVE_ARN);

        assertEquals(1, result.exitCode, result.all());
        assertEquals(List.of(good), acceptedInvokes().stream().map(Invoke::text).toList());
        assertEquals(List.of(m4), queue.deletedIds());
        assertEquals(List.of(m1, m2, m3), queue.visibleMessageIds());
        String summary = result.summary();
        assertTrue(summary.contains("  message " + m1 + ": the body is not JSON (Unrecognized token 'not': was expecting "), summary);
        assertTrue(summary.contains("  message " + m2 + ": the body is not a JSON object; it starts: '[1,2,3]'\n"), summary);
        assertTrue(summary.contains("  message " + m3 + ": a Lambda invocation record whose requestPayload is string, not an event\n"), summary);
        assertTrue(summary.startsWith("received: 4\nre-sent:  1 (accepted by Lambda, then deleted from the queue)\nleft:     3"), summary);
        assertTrue(summary.endsWith("failed:   3\n"), summary);
    }

    @Test
    void aRedriveStoppedAfterKOfNLeavesExactlyTheOtherNMinusK() {
        List<String> events = new ArrayList<>();
        List<String> messages = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            events.add(event(i, "Run Status Change", "FAILED"));
            messages.add(queue.add(i % 2 == 0 ? invocationRecord(events.get(i - 1), 3) : events.get(i - 1),
                    i % 2 == 0 ? Map.of() : eventBridgeAttributes()));
        }

        // --max 4: four handled, eight never received
        Result first = redrive("--queue-url", SqsQueueStub.QUEUE_URL, "--function", LIVE_ARN, "--max", "4");
        assertEquals(0, first.exitCode, first.all());
        assertEquals(events.subList(0, 4), acceptedInvokes().stream().map(Invoke::text).toList());
        assertEquals(messages.subList(4, 12), queue.messageIds());
        assertEquals(4, queue.receiveRequests().get(0).path("MaxNumberOfMessages").asInt(), "asked for no more than --max");
        assertTrue(first.summary().startsWith("received: 4\nre-sent:  4 "), first.summary());

        // the credentials expire at the third invoke of the next run: it stops there
        server.stubFor(post(urlPathMatching("/2015-03-31/functions/.+/invocations")).withRequestBody(containing(id(7)))
                .atPriority(1).willReturn(lambdaError(403, "ExpiredTokenException",
                        "{\"message\":\"The security token included in the request is expired\"}")));
        Result second = redrive("--queue-url", SqsQueueStub.QUEUE_URL, "--function", LIVE_ARN);
        assertEquals(2, second.exitCode, second.all());
        assertEquals(events.subList(0, 6), acceptedInvokes().stream().map(Invoke::text).toList());
        assertEquals(1, invokeAttempts(id(7)), "a refused credential is not retried");
        assertEquals(0, invokeAttempts(id(8)), "nothing after the stop is sent");
        assertEquals(messages.subList(6, 12), queue.messageIds(), "exactly the 12 - 6 not re-sent are left");
        assertEquals(messages.subList(6, 12), queue.visibleMessageIds());
        assertTrue(second.summary().startsWith("received: 8\nre-sent:  2 (accepted by Lambda, then deleted from the queue)\n"
                + "left:     6 (on the queue, visible again)\n"
                + "  message " + messages.get(6) + " (event " + id(7) + "): Invoke failed: ExpiredTokenException: The "
                + "security token included in the request is expired\n"
                + "  message " + messages.get(7) + " (event " + id(8) + "): not tried: the redrive stopped before its turn\n"),
                second.summary());
        assertTrue(second.summary().endsWith("failed:   1\nstopped early: Invoke failed: ExpiredTokenException: The "
                + "security token included in the request is expired; renew the credentials (aws sso login, or a new "
                + "session) and run the same command again: what was re-sent is deleted, the rest is on the queue\n"),
                second.summary());

        // run again with fresh credentials: the rest, each event once over all three runs
        server.removeStub(server.getStubMappings().stream().filter(s -> s.getPriority() != null && s.getPriority() == 1)
                .findFirst().orElseThrow());
        Result third = redrive("--queue-url", SqsQueueStub.QUEUE_URL, "--function", LIVE_ARN);
        assertEquals(0, third.exitCode, third.all());
        assertEquals(events, acceptedInvokes().stream().map(Invoke::text).toList(), "every event exactly once, in order");
        assertEquals(messages, queue.deletedIds());
        assertEquals(List.of(), queue.messageIds());
    }

    @Test
    void aMessageWhoseDeleteFailsIsLeftAndReSentByTheNextRedrive() {
        String e1 = event(1, "Run Status Change", "FAILED");
        String e2 = event(2, "Run Status Change", "COMPLETED");
        String m1 = queue.add(e1, eventBridgeAttributes());
        String m2 = queue.add(e2, eventBridgeAttributes());
        queue.failDeletesOf(m2::equals);

        Result first = redrive("--queue-url", SqsQueueStub.QUEUE_URL, "--function", LIVE_ARN);

        assertEquals(1, first.exitCode, first.all());
        assertEquals(List.of(e1, e2), acceptedInvokes().stream().map(Invoke::text).toList());
        assertEquals(List.of(m2), queue.visibleMessageIds());
        assertTrue(first.summary().contains("re-sent:  2 "), first.summary());
        assertTrue(first.summary().contains("  message " + m2 + " (event " + id(2) + "): re-sent, but not deleted "
                + "(ReceiptHandleIsInvalid: The input receipt handle \"" + queue.handlesOf(m2).get(0) + "\" is not a valid "
                + "receipt handle.): a later redrive sends its event again, which the function, idempotent by event id, "
                + "records once\n"), first.summary());

        queue.failDeletesOf(id -> false);
        Result second = redrive("--queue-url", SqsQueueStub.QUEUE_URL, "--function", LIVE_ARN);
        assertEquals(0, second.exitCode, second.all());
        assertEquals(List.of(e1, e2, e2), acceptedInvokes().stream().map(Invoke::text).toList(),
                "the one duplicate a stop between invoke and delete can make");
        assertEquals(List.of(), queue.messageIds());
    }

    @Test
    void aCopyOfAMessageReceivedAgainIsDeletedNotSentTwice() {
        String e1 = event(1, "Run Status Change", "FAILED");
        String e2 = event(2, "Run Status Change", "COMPLETED");
        String m1 = queue.add(e1, eventBridgeAttributes());
        String m2 = queue.add(e2, eventBridgeAttributes());
        queue.copyOnceAfterDelete(m2);

        Result result = redrive("--queue-url", SqsQueueStub.QUEUE_URL, "--function", LIVE_ARN);

        assertEquals(0, result.exitCode, result.all());
        assertEquals(List.of(e1, e2), acceptedInvokes().stream().map(Invoke::text).toList(), "each event once");
        assertEquals(List.of(m1, m2, m2), queue.deletedIds(), "the copy deleted too");
        assertEquals(queue.handlesOf(m2), List.of(queue.deletedHandles().get(1), queue.deletedHandles().get(2)),
                "each copy with its own receive's handle");
        assertEquals(List.of(), queue.messageIds());
        assertTrue(result.summary().startsWith("received: 2\nre-sent:  2 "), result.summary());
    }

    @Test
    void aSlowBatchKeepsItsMessagesHiddenUntilEachIsDone() {
        List<String> messages = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            messages.add(queue.add(event(i, "Run Status Change", "FAILED"), eventBridgeAttributes()));
        }
        // each reading of the clock is 100 s after the one before: the batch is past half its 300 s before each invoke
        long[] now = {0};
        RedriveCommand command = new RedriveCommand(
                (region, profile, endpoints) -> LocalAws.clients(Map.of("*", URI.create("http://127.0.0.1:" + server.port()))),
                Map.of("AWS_REGION", "us-west-2"), FAST, 0, () -> now[0] += Duration.ofSeconds(100).toNanos());

        Result result = run(command, "--queue-url", SqsQueueStub.QUEUE_URL, "--function", LIVE_ARN);

        assertEquals(0, result.exitCode, result.all());
        List<JsonNode> extensions = queue.visibilityChangeRequests();
        assertEquals(1, extensions.size(), extensions.toString());
        List<String> extended = new ArrayList<>();
        extensions.get(0).path("Entries").forEach(e -> {
            assertEquals(300, e.path("VisibilityTimeout").asInt());
            extended.add(e.path("ReceiptHandle").asText());
        });
        assertEquals(messages.stream().map(m -> queue.handlesOf(m).get(0)).toList(), extended,
                "the whole batch, the one already re-sent (not deleted yet) included");
        assertEquals(messages, queue.deletedIds());
    }

    @Test
    void withoutFunctionEachMessageGoesWhereItWasMeantToAndAnotherFunctionsMessageIsLeft() {
        String other = "arn:aws:lambda:us-west-2:" + ACCOUNT + ":function:omics-monitor-WorkflowRecordsFunction-Zz9:live";
        String e1 = event(1, "Run Status Change", "FAILED");
        String e2 = event(2, "Run Status Change", "FAILED");
        String e3 = event(3, "Run Status Change", "FAILED");
        String m1 = queue.add(e1, eventBridgeAttributes());
        String m2 = queue.add(invocationRecord(e2, 3).replace(LIVE_ARN, other), Map.of());
        String m3 = queue.add(e3, Map.of()); // an event without EventBridge's attributes: no target

        Result named = redrive("--queue-url", SqsQueueStub.QUEUE_URL, "--function", FUNCTION + ":live", "--dry-run");
        assertTrue(named.out.contains("left           message " + m2 + " (event " + id(2) + "): it was meant for " + other
                + ", not --function " + FUNCTION + ":live: is this that function's queue?"), named.all());
        assertTrue(named.out.contains("would re-send  event " + id(3) + "  Run Status Change  aws.omics -> " + FUNCTION
                + ":live; in the queue because EventBridge could not deliver it: EventBridge (no ERROR_CODE attribute)"),
                named.all());

        Result own = redrive("--queue-url", SqsQueueStub.QUEUE_URL);

        assertEquals(1, own.exitCode, own.all());
        List<Invoke> invokes = acceptedInvokes();
        assertEquals(List.of(new Invoke(LIVE_ARN, e1), new Invoke(other, e2)),
                invokes.stream().map(i -> new Invoke(i.function(), i.text())).toList());
        assertEquals(List.of(m1, m2), queue.deletedIds());
        assertTrue(own.summary().contains("  message " + m3 + " (event " + id(3) + "): the message names no function "
                + "(no TARGET_ARN attribute): pass --function\n"), own.summary());
    }

    @Test
    void stackFindsTheFunctionsQueueAndItsLiveAlias() {
        server.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=ListStackResources"))
                .withRequestBody(containing("StackName=omics-monitor"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody(listStackResources())));
        String e1 = event(1, "Run Status Change", "FAILED");
        String m1 = queue.add(e1, eventBridgeAttributes());

        Result result = redrive("--stack", "omics-monitor", "--function", "status-event-recorder");

        assertEquals(0, result.exitCode, result.all());
        assertEquals(List.of(new Invoke(LIVE_ARN, e1)),
                acceptedInvokes().stream().map(i -> new Invoke(i.function(), i.text())).toList());
        assertEquals(List.of(m1), queue.deletedIds());
        assertTrue(result.err.contains("stack omics-monitor: StatusEventRecorderFunction reads " + SqsQueueStub.QUEUE_URL), result.err);

        Result missing = redrive("--stack", "omics-monitor", "--function", "nope");
        assertEquals(2, missing.exitCode, missing.all());
        assertTrue(missing.err.contains("the stack omics-monitor has no function NopeFunction with a dead-letter queue "
                + "NopeDeadLetterQueue; its functions: StatusEventRecorderFunction (status-event-recorder)"), missing.err);
    }

    @Test
    void aMissingQueueStopsWithWhatToCheck() {
        Result result = redrive("--queue-url", "https://sqs.us-west-2.amazonaws.com/" + ACCOUNT + "/nope", "--function", LIVE_ARN);

        assertEquals(2, result.exitCode, result.all());
        assertTrue(result.err.contains("error: ReceiveMessage failed: AWS.SimpleQueueService.NonExistentQueue: The "
                + "specified queue does not exist.; check --queue-url (the queue https://sqs.us-west-2.amazonaws.com/"
                + ACCOUNT + "/nope) and --region"), result.err);
        assertEquals("received: 0\nre-sent:  0 (accepted by Lambda, then deleted from the queue)\nleft:     0\nfailed:   0\n"
                + "stopped early: ReceiveMessage failed: AWS.SimpleQueueService.NonExistentQueue: The specified queue "
                + "does not exist.; check --queue-url (the queue https://sqs.us-west-2.amazonaws.com/" + ACCOUNT
                + "/nope) and --region\n", result.summary());
    }

    @Test
    void usageErrorsSayWhatToDo() {
        assertTrue(redrive().err.contains("pass --queue-url (a function's dead-letter queue) or --stack with --function"));
        assertTrue(redrive("--queue-url", "sqs/x").err.contains("--queue-url 'sqs/x' is not a queue URL"));
        assertTrue(redrive("--queue-url", SqsQueueStub.QUEUE_URL, "--visibility-timeout", "5").err
                .contains("--visibility-timeout must be from 30 to 43200 seconds"));
        assertTrue(redrive("--stack", "s", "--queue-url", SqsQueueStub.QUEUE_URL).err.contains("not both"));
        assertEquals(2, redrive("--queue-url", SqsQueueStub.QUEUE_URL, "--max", "-1").exitCode);
        for (String unqualified : List.of(FUNCTION, "arn:aws:lambda:us-west-2:" + ACCOUNT + ":function:" + FUNCTION)) {
            Result result = redrive("--queue-url", SqsQueueStub.QUEUE_URL, "--function", unqualified);
            assertEquals(2, result.exitCode, result.all());
            assertTrue(result.err.contains("--function " + unqualified + " names no alias: pass " + unqualified + ":live. "
                    + "The stack's rules invoke the alias 'live', and its on-failure destination is this queue"), result.err);
        }
        assertEquals(0, server.getAllServeEvents().size(), "nothing was called");
    }

    @Test
    void theCommandIsRegistered() {
        io.omicsmonitor.cli.CommandRun help = io.omicsmonitor.cli.CommandRun.of("redrive", "--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.out().contains("--queue-url=URL"), help.out());
    }

    // ---------------------------------------------------------------- the messages

    static String id(int n) {
        return String.format("5e0f7a%02d-1c2d-4e3f-9a4b-5c6d7e8f9a%02d", n, n);
    }

    /** A HealthOmics event as EventBridge writes it (compact, its own key order), with a non-ASCII run name. */
    static String event(int n, String detailType, String status) {
        String runId = String.valueOf(9103700 + n);
        return "{\"version\":\"0\",\"id\":\"" + id(n) + "\",\"detail-type\":\"" + detailType + "\",\"source\":\"aws.omics\","
                + "\"account\":\"" + ACCOUNT + "\",\"time\":\"2026-11-21T14:27:55Z\",\"region\":\"us-west-2\","
                + "\"resources\":[\"arn:aws:omics:us-west-2:" + ACCOUNT + ":run/" + runId + "\"],"
                + "\"detail\":{\"omicsVersion\":\"1.0.0\",\"arn\":\"arn:aws:omics:us-west-2:" + ACCOUNT + ":run/" + runId + "\","
                + "\"status\":\"" + status + "\",\"runId\":\"" + runId + "\",\"runName\":\"probe-\u00b5-" + n + "\","
                + "\"runOutputUri\":\"s3://genomics-results-" + ACCOUNT + "/omics-runs/" + runId + "\"}}";
    }

    /** The attributes EventBridge puts on a dead-lettered event. */
    static Map<String, String> eventBridgeAttributes() {
        Map<String, String> attributes = new HashMap<>();
        attributes.put("RULE_ARN", RULE_ARN);
        attributes.put("TARGET_ARN", LIVE_ARN);
        attributes.put("ERROR_CODE", "SDK_CLIENT_ERROR");
        attributes.put("ERROR_MESSAGE", "Unable to invoke the function: Rate Exceeded.");
        attributes.put("EXHAUSTED_RETRY_CONDITION", "MaximumRetryAttempts");
        attributes.put("RETRY_ATTEMPTS", "185");
        return attributes;
    }

    /** Lambda's invocation record for an asynchronous invocation that failed after its retries, the event inside as is. */
    static String invocationRecord(String event, int attempts) {
        return "{\"version\":\"1.0\",\"timestamp\":\"2026-11-21T14:31:02.118Z\",\"requestContext\":{\"requestId\":"
                + "\"c2a6f2ae-7dbb-4d22-8782-d0485c9877e2\",\"functionArn\":\"" + LIVE_ARN + "\",\"condition\":"
                + "\"RetriesExhausted\",\"approximateInvokeCount\":" + attempts + "},\"requestPayload\":" + event
                + ",\"responseContext\":{\"statusCode\":200,\"executedVersion\":\"7\",\"functionError\":\"Unhandled\"},"
                + "\"responsePayload\":{\"errorType\":\"io.omicsmonitor.common.aws.SdkFailure\",\"errorMessage\":"
                + "\"S3 PutObject failed: SlowDown (after 4 attempts)\",\"stackTrace\":[\"io.omicsmonitor.common.lake."
                + "DataLake.put(DataLake.java:88)\"]}}";
    }

    static String listStackResources() {
        StringBuilder members = new StringBuilder();
        String[][] resources = {
            {"StatusEventRecorderFunction", FUNCTION, "AWS::Lambda::Function"},
            {"StatusEventRecorderFunctionAliaslive", LIVE_ARN, "AWS::Lambda::Alias"},
            {"StatusEventRecorderDeadLetterQueue", SqsQueueStub.QUEUE_URL, "AWS::SQS::Queue"},
            {"LakeBucket", "omics-monitor-lakebucket-1x2y3z", "AWS::S3::Bucket"},
        };
        for (String[] r : resources) {
            members.append("<member><LogicalResourceId>").append(r[0]).append("</LogicalResourceId><PhysicalResourceId>")
                    .append(r[1]).append("</PhysicalResourceId><ResourceType>").append(r[2]).append("</ResourceType>")
                    .append("<LastUpdatedTimestamp>2026-11-20T08:00:00.000Z</LastUpdatedTimestamp>")
                    .append("<ResourceStatus>CREATE_COMPLETE</ResourceStatus><DriftInformation><StackResourceDriftStatus>"
                            + "NOT_CHECKED</StackResourceDriftStatus></DriftInformation></member>");
        }
        return "<ListStackResourcesResponse xmlns=\"http://cloudformation.amazonaws.com/doc/2010-05-15/\">"
                + "<ListStackResourcesResult><StackResourceSummaries>" + members + "</StackResourceSummaries>"
                + "</ListStackResourcesResult><ResponseMetadata><RequestId>5ccc7dcd-744c-11e5-be70-1b08c228efb3"
                + "</RequestId></ResponseMetadata></ListStackResourcesResponse>";
    }

    static ResponseDefinitionBuilder lambdaError(int status, String type, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withHeader("x-amzn-ErrorType", type).withHeader("x-amzn-RequestId", "e0e0e0e0-0000-4000-8000-000000000000")
                .withBody(body);
    }

    // ---------------------------------------------------------------- what Lambda accepted

    record Invoke(String function, byte[] body) {
        Invoke(String function, String text) {
            this(function, text.getBytes(StandardCharsets.UTF_8));
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Invoke i && i.function.equals(function) && java.util.Arrays.equals(i.body, body);
        }

        @Override
        public int hashCode() {
            return function.hashCode() * 31 + java.util.Arrays.hashCode(body);
        }

        @Override
        public String toString() {
            return function + " " + text();
        }
    }

    /** The Invoke requests Lambda answered 202 (accepted), oldest first. */
    static List<Invoke> acceptedInvokes() {
        List<ServeEvent> served = new ArrayList<>(server.getAllServeEvents());
        Collections.reverse(served);
        List<Invoke> invokes = new ArrayList<>();
        for (ServeEvent e : served) {
            String path = URI.create(e.getRequest().getUrl()).getRawPath();
            if (path.startsWith("/2015-03-31/functions/") && e.getResponse().getStatus() == 202) {
                assertEquals("Event", e.getRequest().getHeader("X-Amz-Invocation-Type"));
                String function = URLDecoder.decode(path.substring("/2015-03-31/functions/".length(),
                        path.length() - "/invocations".length()), StandardCharsets.UTF_8);
                invokes.add(new Invoke(function, e.getRequest().getBody()));
            }
        }
        return invokes;
    }

    static long invokeAttempts(String eventId) {
        return server.countRequestsMatching(postRequestedFor(urlPathMatching("/2015-03-31/functions/.+/invocations"))
                .withRequestBody(containing(eventId)).build()).getCount();
    }

    // ---------------------------------------------------------------- running the command

    record Result(int exitCode, String out, String err) {
        String all() {
            return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
        }

        List<String> outLines() {
            return out.lines().collect(Collectors.toList());
        }

        /** From the summary's first line to the end. */
        String summary() {
            int at = out.indexOf("received: ");
            return at < 0 ? "" : out.substring(at);
        }
    }

    Result redrive(String... args) {
        return run(new RedriveCommand(
                (region, profile, endpoints) -> LocalAws.clients(Map.of("*", URI.create("http://127.0.0.1:" + server.port()))),
                Map.of("AWS_REGION", "us-west-2"), FAST, 0, System::nanoTime), args);
    }

    static Result run(RedriveCommand command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
