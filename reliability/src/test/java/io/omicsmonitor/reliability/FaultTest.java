package io.omicsmonitor.reliability;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.omicsmonitor.local.FaultyS3.Kind;
import io.omicsmonitor.reliability.Harness.Fn;
import io.omicsmonitor.reliability.Harness.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The faults AWS produces, injected on loopback: S3 503 SlowDown, 500, connection reset, an empty answer, silence past
 * the socket timeout, a write whose answer is lost; throttling of Omics, CloudWatch Logs, SNS, CloudWatch, the Price
 * List API and EventBridge. A transient fault is absorbed by the SDK's retries and the lake ends up exactly as without
 * it; a lasting one fails the invocation (so EventBridge, Lambda and the dead-letter queue take over) and leaves no
 * object but whole ones.
 */
class FaultTest {

    static Harness lake;
    /** What each function writes without faults: the reference every faulty run is compared with. */
    static final Map<String, TreeMap<String, String>> REFERENCE = new TreeMap<>();

    @BeforeAll
    static void start() {
        lake = new Harness();
        for (Object[] w : WRITERS) {
            lake.reset();
            lake.invoke((Fn) w[0], Harness.sample((String) w[1])).ok();
            REFERENCE.put(w[0] + " " + w[1], lake.objects());
        }
    }

    @AfterAll
    static void stop() {
        lake.close();
    }

    @BeforeEach
    void reset() {
        lake.reset();
    }

    static final Object[][] WRITERS = {
        {Fn.STATUS, "run-pending.json"},
        {Fn.STATUS, "task-completed.json"},
        {Fn.WORKFLOWS, "workflow-version-active.json"},
        {Fn.MANIFESTS, "run-completed.json"},
        {Fn.ANALYZER, "run-completed.json"},
    };

    static Stream<Arguments> transientS3Faults() {
        List<Arguments> cases = new ArrayList<>();
        for (Object[] w : WRITERS) {
            for (Kind kind : Kind.values()) {
                cases.add(Arguments.of(w[0], w[1], List.of(kind)));
            }
            // three faults in a row: the SDK's last retry (4 attempts for S3) gets through
            cases.add(Arguments.of(w[0], w[1], List.of(Kind.SLOW_DOWN, Kind.CONNECTION_RESET, Kind.TIMEOUT)));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1}: S3 {2}, then healthy")
    @MethodSource("transientS3Faults")
    void aTransientS3FaultIsRetriedAndTheLakeIsExactlyAsWithoutIt(Fn fn, String sample, List<Kind> faults) {
        lake.proxy.faults(faults);

        lake.invoke(fn, Harness.sample(sample)).ok();

        assertEquals(REFERENCE.get(fn + " " + sample), lake.objects());
        FaultCounts.tried("S3 transient " + faults);
    }

    static Stream<Arguments> lastingS3Faults() {
        List<Arguments> cases = new ArrayList<>();
        for (Object[] w : WRITERS) {
            for (Kind kind : Kind.values()) {
                cases.add(Arguments.of(w[0], w[1], kind));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1}: S3 {2} for good")
    @MethodSource("lastingS3Faults")
    void aLastingS3FaultFailsTheInvocationAndLeavesOnlyWholeObjects(Fn fn, String sample, Kind kind) {
        lake.proxy.always(kind);

        Outcome outcome = lake.invoke(fn, Harness.sample(sample));

        outcome.failed(SdkException.class);
        TreeMap<String, String> reference = REFERENCE.get(fn + " " + sample);
        TreeMap<String, String> objects = lake.objects();
        if (kind == Kind.LANDED_ANSWER_LOST) {
            // every write landed whole (the client only never heard): what is there is exactly the reference
            objects.forEach((key, bytes) -> assertEquals(reference.get(key), bytes, key));
        } else {
            assertEquals(Map.of(), objects, "nothing written");
        }
        // the lasting fault is retried by the SDK first: 4 attempts of the first PUT
        assertTrue(lake.proxy.putAttempts() == 0 || lake.proxy.putAttempts() >= 4, "attempts " + lake.proxy.putAttempts());
        FaultCounts.tried("S3 lasting " + kind);

        // EventBridge / Lambda deliver the event again once S3 has recovered: the lake ends as without the fault
        lake.proxy.faults(List.of());
        lake.invoke(fn, Harness.sample(sample)).ok();
        assertEquals(reference, lake.objects());
    }

    // ---- throttling of the other APIs -------------------------------------------------------------------------

    static final ResponseDefinitionBuilder OMICS_THROTTLED = aResponse().withStatus(429)
            .withHeader("x-amzn-ErrorType", "ThrottlingException").withHeader("Content-Type", "application/json")
            .withBody("{\"message\":\"Rate exceeded\"}");
    static final ResponseDefinitionBuilder JSON11_THROTTLED = aResponse().withStatus(400)
            .withHeader("Content-Type", "application/x-amz-json-1.1")
            .withBody("{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}");
    static final ResponseDefinitionBuilder QUERY_THROTTLED = aResponse().withStatus(400)
            .withHeader("Content-Type", "text/xml")
            .withBody("<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message>"
                    + "</Error><RequestId>throttled</RequestId></ErrorResponse>");

    /** The APIs each function calls, how each is matched on the wire, and a throttling answer in its shape. */
    static Stream<Arguments> throttledApis() {
        return Stream.of(
                Arguments.of("Omics GetRun (alert details)", Fn.STATUS, "run-failed.json", (Supplier<MappingBuilder>) () -> get(urlEqualTo("/run/9103774")), OMICS_THROTTLED),
                Arguments.of("SNS Publish", Fn.STATUS, "run-failed.json",
                        (Supplier<MappingBuilder>) () -> post(urlEqualTo("/")).withRequestBody(containing("Action=Publish")), QUERY_THROTTLED),
                Arguments.of("Omics GetWorkflow", Fn.WORKFLOWS, "workflow-version-active.json",
                        (Supplier<MappingBuilder>) () -> get(urlEqualTo("/workflow/4716932?type=PRIVATE")), OMICS_THROTTLED),
                Arguments.of("Omics GetWorkflowVersion", Fn.WORKFLOWS, "workflow-version-active.json",
                        (Supplier<MappingBuilder>) () -> get(urlEqualTo("/workflow/4716932/version/v2.1.0?type=PRIVATE")), OMICS_THROTTLED),
                Arguments.of("CloudWatch Logs GetLogEvents", Fn.MANIFESTS, "run-completed.json", (Supplier<MappingBuilder>) () -> logs("GetLogEvents"), JSON11_THROTTLED),
                Arguments.of("CloudWatch Logs GetLogEvents", Fn.ANALYZER, "run-completed.json", (Supplier<MappingBuilder>) () -> logs("GetLogEvents"), JSON11_THROTTLED),
                Arguments.of("CloudWatch Logs DescribeLogStreams", Fn.MANIFESTS, Harness.NO_UUID,
                        (Supplier<MappingBuilder>) () -> logs("DescribeLogStreams"), JSON11_THROTTLED),
                Arguments.of("Price List GetProducts", Fn.ANALYZER, "run-completed.json",
                        (Supplier<MappingBuilder>) () -> json11("AWSPriceListService.GetProducts"), JSON11_THROTTLED),
                Arguments.of("EventBridge PutEvents", Fn.ANALYZER, "run-completed.json",
                        (Supplier<MappingBuilder>) () -> json11("AWSEvents.PutEvents"), JSON11_THROTTLED),
                Arguments.of("Omics GetRun (metrics)", Fn.METRICS, "run-completed.json", (Supplier<MappingBuilder>) () -> get(urlEqualTo("/run/7382915")), OMICS_THROTTLED),
                Arguments.of("CloudWatch PutMetricData", Fn.METRICS, "run-completed.json",
                        (Supplier<MappingBuilder>) () -> post(urlEqualTo("/")).withRequestBody(containing("Action=PutMetricData")), QUERY_THROTTLED));
    }

    static MappingBuilder logs(String operation) {
        return json11("Logs_20140328." + operation);
    }

    static MappingBuilder json11(String target) {
        return post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(target));
    }

    /** The first {@code times} matching requests are throttled, then the normal answer comes (times < 0: always). */
    static void throttle(Supplier<MappingBuilder> request, ResponseDefinitionBuilder answer, int times) {
        if (times < 0) {
            lake.apis.server().stubFor(request.get().atPriority(1).willReturn(answer));
            return;
        }
        String state = Scenario.STARTED;
        for (int i = 1; i <= times; i++) {
            String next = i == times ? "recovered" : "throttled-" + i;
            lake.apis.server().stubFor(request.get().inScenario("throttle").whenScenarioStateIs(state).atPriority(1)
                    .willReturn(answer).willSetStateTo(next));
            state = next;
        }
    }

    @ParameterizedTest(name = "{1} {2}: {0} throttled twice, then answering")
    @MethodSource("throttledApis")
    void aThrottledCallIsRetriedByTheSdk(String api, Fn fn, String sample, Supplier<MappingBuilder> request,
                                         ResponseDefinitionBuilder answer) {
        Outcome clean = lake.invoke(fn, Harness.sample(sample));
        clean.ok();
        TreeMap<String, String> reference = lake.objects();
        int publishes = lake.publishes().size();
        int metrics = lake.putMetricData().size();
        lake.reset();
        throttle(request, answer, 2);

        lake.invoke(fn, Harness.sample(sample)).ok();

        assertEquals(reference, lake.objects());
        // the throttled attempts reached the stub too: two more requests than without throttling, one success
        assertEquals(publishes + (api.equals("SNS Publish") ? 2 : 0), lake.publishes().size(), "Publish requests");
        assertEquals(metrics + (api.startsWith("CloudWatch PutMetricData") ? 2 : 0), lake.putMetricData().size(),
                "PutMetricData requests");
        if (api.startsWith("Omics GetRun (alert")) {
            assertTrue(alertBody().contains("Failure reason: OUT_OF_MEMORY"), "the retried GetRun's details are in the alert");
        }
        FaultCounts.tried("throttled transient " + api);
    }

    @ParameterizedTest(name = "{1} {2}: {0} throttled for good")
    @MethodSource("throttledApis")
    void aLastingThrottleHasAVisibleOutcome(String api, Fn fn, String sample, Supplier<MappingBuilder> request,
                                            ResponseDefinitionBuilder answer) {
        throttle(request, answer, -1);

        Outcome outcome = lake.invoke(fn, Harness.sample(sample));

        FaultCounts.tried("throttled lasting " + api);
        if (api.startsWith("Omics GetRun (alert")) {
            // decided by the recorder: an alert without GetRun's details beats none; the event is still recorded
            outcome.ok();
            assertEquals(1, lake.publishes().size());
            assertTrue(alertBody().contains("GetRun failed ("), alertBody());
            assertEquals(1, lake.objects().size());
            return;
        }
        outcome.failed(SdkException.class);
        switch (fn) {
            case STATUS -> {
                // the alert goes out before the record: no alert, so no record, and the retry starts clean
                assertEquals(Map.of(), lake.objects());
            }
            case ANALYZER -> {
                if (api.startsWith("EventBridge")) {
                    // both objects are whole; the event that announces them is what failed: the retry puts it
                    assertEquals(2, lake.objects().size());
                } else {
                    assertEquals(Map.of(), lake.objects(), "never a partial or unpriced analysis");
                }
            }
            default -> assertEquals(Map.of(), lake.objects());
        }
        if (fn == Fn.METRICS && api.startsWith("Omics")) {
            assertEquals(0, lake.putMetricData().size(), "GetRun fails before anything is published: the retry counts once");
        }
    }

    /** A manifest that is not there yet, then is: the first invocation fails as retryable, the retry writes it all. */
    @Test
    void aManifestNotWrittenYetIsRetriedUntilItIs() {
        for (Fn fn : List.of(Fn.MANIFESTS, Fn.ANALYZER)) {
            lake.reset(java.util.Set.of("7382915"));
            Outcome early = lake.invoke(fn, Harness.sample("run-completed.json"));
            assertTrue(early.failed(io.omicsmonitor.manifest.IncompleteManifestException.class).getMessage()
                    .contains("will be retried"));
            assertEquals(Map.of(), lake.objects());

            lake.logs.recordedStream("7382915", Harness.RUN_UUIDS.get("7382915"), 10);
            lake.invoke(fn, Harness.sample("run-completed.json")).ok();
            assertEquals(REFERENCE.get(fn + " run-completed.json"), lake.objects());
            FaultCounts.tried("manifest not yet written " + fn);
        }
    }

    /** The task records are there, the run record (written last by HealthOmics) not yet: never a partial analysis. */
    @Test
    void aManifestWrittenInPartIsRetriedNeverAnalysedInPart() {
        List<String> all = io.omicsmonitor.local.ManifestLogsStub.recorded("7382915");
        List<String> tasksOnly = all.stream().filter(line -> !runRecord(line)).toList();
        assertTrue(tasksOnly.size() < all.size(), "the recorded manifest has a run record");
        for (Fn fn : List.of(Fn.MANIFESTS, Fn.ANALYZER)) {
            for (int cut : new int[] {0, 1, tasksOnly.size() / 2, tasksOnly.size()}) {
                lake.reset(java.util.Set.of("7382915"));
                lake.logs.stream(io.omicsmonitor.local.ManifestLogsStub.LOG_GROUP,
                        "manifest/run/7382915/" + Harness.RUN_UUIDS.get("7382915"), tasksOnly.subList(0, cut), 10);

                Outcome partial = lake.invoke(fn, Harness.sample("run-completed.json"));

                partial.failed(io.omicsmonitor.manifest.IncompleteManifestException.class);
                assertEquals(Map.of(), lake.objects(), fn + " with " + cut + " task records and no run record");
                assertEquals(0, lake.putEvents().size());
                FaultCounts.tried("manifest in part (" + cut + " tasks) " + fn);
            }
        }
    }

    private static boolean runRecord(String line) {
        try {
            return io.omicsmonitor.mapper.Json.MAPPER.readTree(line).path("arn").asText().contains(":run/");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String alertBody() {
        String body = lake.publishes().get(0).getBodyAsString();
        for (String pair : body.split("&")) {
            if (pair.startsWith("Message=")) {
                return java.net.URLDecoder.decode(pair.substring("Message=".length()), java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        return body;
    }
}
