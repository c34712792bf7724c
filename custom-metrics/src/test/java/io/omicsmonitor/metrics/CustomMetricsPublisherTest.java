package io.omicsmonitor.metrics;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.omicsmonitor.common.Env;
import io.omicsmonitor.common.aws.AwsClients;
import io.omicsmonitor.common.events.EventReader;
import io.omicsmonitor.common.events.InvalidEventException;
import io.omicsmonitor.common.lake.DataLake;
import io.omicsmonitor.common.lake.LakeLocation;
import io.omicsmonitor.local.ApiStub;
import io.omicsmonitor.local.LocalAws;
import io.omicsmonitor.local.LocalLambda;
import io.omicsmonitor.local.LocalS3;
import io.omicsmonitor.local.SampleEvents;

import io.omicsmonitor.mapper.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.CloudWatchException;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;
import software.amazon.awssdk.services.omics.OmicsClient;
import software.amazon.awssdk.services.omics.model.OmicsException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The publisher end to end: sample events in, the PutMetricData requests the real CloudWatch client sent to a local
 * stub read back and decoded from CloudWatch's query protocol (form parameters), GetRun answered from recorded
 * responses, the markers of published events written to and read from a real S3 server (S3Proxy).
 */
class CustomMetricsPublisherTest {

    static final Clock NOW = Clock.fixed(Instant.parse("2026-11-24T12:00:00Z"), ZoneOffset.UTC);

    static final String BUCKET = "omics-lake";
    static final Map<String, String> LAKE = Map.of("LAKE_BUCKET", BUCKET, "LAKE_PREFIX", "lake");
    /** run-completed.json's event id. */
    static final String COMPLETED_EVENT = "2c3d4e5f-6071-8293-a4b5-c6d7e8f90a12";

    static ApiStub apis;
    static LocalS3 s3;

    @BeforeAll
    static void start() {
        apis = new ApiStub();
        s3 = LocalS3.inMemory().createBucket(BUCKET);
    }

    @AfterAll
    static void stop() {
        apis.close();
        s3.close();
    }

    @BeforeEach
    void answerLikeCloudWatchAndOmics() {
        apis.reset();
        s3.keys(BUCKET).forEach(k -> s3.client().deleteObject(d -> d.bucket(BUCKET).key(k)));
        apis.server().stubFor(post(urlEqualTo("/")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/xml")
                .withBody("<PutMetricDataResponse xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\">"
                        + "<ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></PutMetricDataResponse>")));
        for (String runId : List.of("7382915", "8264019", "9103774")) {
            apis.server().stubFor(get(urlEqualTo("/run/" + runId)).willReturn(okJson(
                    new String(SampleEvents.bytes("recorded/omics/get-run-" + runId + ".json"), StandardCharsets.UTF_8))));
        }
    }

    static AwsClients clients() {
        return LocalAws.clients(Map.of("cloudwatch", apis.endpoint(), "omics", apis.endpoint(), "s3", s3.endpoint()));
    }

    static CustomMetricsPublisher publisher() {
        return new CustomMetricsPublisher(new Env(LAKE), clients(), NOW);
    }

    static Env env(String name, String value) {
        Map<String, String> variables = new LinkedHashMap<>(LAKE);
        variables.put(name, value);
        return new Env(variables);
    }

    static JsonNode invoke(CustomMetricsPublisher publisher, byte[] event) {
        return LocalLambda.invoke(publisher, event);
    }

    @Test
    void aCompletedRunIsCountedAndTimedInOneCall() {
        JsonNode result = invoke(publisher(), SampleEvents.bytes("run-completed.json"));

        Map<String, String> call = onlyPutMetricData();
        assertEquals("PutMetricData", call.get("Action"));
        assertEquals("2010-08-01", call.get("Version"));
        assertEquals("OmicsMonitor", call.get("Namespace"));
        assertEquals(List.of(
                "RunsCompleted 1.0 Count at 2026-11-20T11:42:18Z",
                "RunsCompleted [WorkflowName=germline-wgs-gatk4] 1.0 Count at 2026-11-20T11:42:18Z",
                "RunQueueSeconds 569.389 Seconds at 2026-11-20T11:42:18Z",
                "RunQueueSeconds [WorkflowName=germline-wgs-gatk4] 569.389 Seconds at 2026-11-20T11:42:18Z",
                "RunDurationSeconds 12762.267 Seconds at 2026-11-20T11:42:18Z",
                "RunDurationSeconds [WorkflowName=germline-wgs-gatk4] 12762.267 Seconds at 2026-11-20T11:42:18Z"),
                datums(call));
        assertEquals(1, getRuns("7382915"));
        assertEquals("[\"RunsCompleted\",\"RunQueueSeconds\",\"RunDurationSeconds\"]", result.get("metrics").toString());
        assertEquals(6, result.get("dataPoints").asInt());
        assertEquals(1, result.get("putMetricDataCalls").asInt());
    }

    /** Issue 12: a FAILED task counts once in TasksFailed, aggregate and per workflow, at the event's time. */
    @Test
    void aFailedTaskIsCountedOnceAndMarked() {
        JsonNode result = invoke(publisher(), SampleEvents.bytes("task-failed.json"));

        Map<String, String> call = onlyPutMetricData();
        assertEquals("OmicsMonitor", call.get("Namespace"));
        assertEquals(List.of(
                "TasksFailed 1.0 Count at 2026-11-21T14:27:03Z",
                "TasksFailed [WorkflowName=somatic-mutect2] 1.0 Count at 2026-11-21T14:27:03Z"), datums(call));
        assertEquals("[\"TasksFailed\"]", result.get("metrics").toString());
        assertEquals(List.of("lake/_state/custom-metrics/8293a4b5-c6d7-e8f9-0a1b-2c3d4e5f6078.json"), s3.keys(BUCKET));
        assertEquals(0, getRuns("9103774"), "no GetRun for a task");

        JsonNode again = invoke(publisher(), SampleEvents.bytes("task-failed.json"));
        assertTrue(again.get("skipped").asText().startsWith("already published"), again.toString());
        onlyPutMetricData();
    }

    @Test
    void aTaskThatDidNotFailIsRefusedNamingTheEvent() {
        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> invoke(publisher(), SampleEvents.bytes("task-completed.json")));
        assertEquals("event 60718293-a4b5-c6d7-e8f9-0a1b2c3d4e56: detail.status is COMPLETED; this function counts a "
                + "task only when it FAILED", e.getMessage());
        assertEquals(0, apis.server().getAllServeEvents().size(), "nothing published");
    }

    @Test
    void aReplayedTaskIsRefused() {
        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> invoke(publisher(), mutate("task-failed.json", ev -> ev.put("source", "omics-monitor.replay"))));
        assertTrue(e.getMessage().contains("is accepted only from [aws.omics]"), e.getMessage());
    }

    @Test
    void aFailedRunIsCountedAsFailedWithItsTimes() {
        invoke(publisher(), SampleEvents.bytes("run-failed.json"));

        assertEquals(List.of(
                "RunsFailed 1.0 Count at 2026-11-21T14:27:55Z",
                "RunsFailed [WorkflowName=somatic-mutect2] 1.0 Count at 2026-11-21T14:27:55Z",
                "RunQueueSeconds 512.368 Seconds at 2026-11-21T14:27:55Z",
                "RunQueueSeconds [WorkflowName=somatic-mutect2] 512.368 Seconds at 2026-11-21T14:27:55Z",
                "RunDurationSeconds 4829.423 Seconds at 2026-11-21T14:27:55Z",
                "RunDurationSeconds [WorkflowName=somatic-mutect2] 4829.423 Seconds at 2026-11-21T14:27:55Z"),
                datums(onlyPutMetricData()));
    }

    @Test
    void aCancelledRunIsCountedAsCancelledWithItsTimes() {
        invoke(publisher(), SampleEvents.bytes("run-cancelled.json"));

        assertEquals(List.of(
                "RunsCancelled 1.0 Count at 2026-11-22T09:15:02Z",
                "RunsCancelled [WorkflowName=nf-core-rnaseq] 1.0 Count at 2026-11-22T09:15:02Z",
                "RunQueueSeconds 754.48 Seconds at 2026-11-22T09:15:02Z",
                "RunQueueSeconds [WorkflowName=nf-core-rnaseq] 754.48 Seconds at 2026-11-22T09:15:02Z",
                "RunDurationSeconds 4932.63 Seconds at 2026-11-22T09:15:02Z",
                "RunDurationSeconds [WorkflowName=nf-core-rnaseq] 4932.63 Seconds at 2026-11-22T09:15:02Z"),
                datums(onlyPutMetricData()));
    }

    @Test
    void aRunCancelledBeforeItStartedHasNoTimes() {
        apis.server().stubFor(get(urlEqualTo("/run/8264019")).willReturn(okJson("{\"id\":\"8264019\","
                + "\"status\":\"CANCELLED\",\"workflowId\":\"6390217\",\"creationTime\":\"2026-11-22T09:01:00Z\","
                + "\"stopTime\":\"2026-11-22T09:14:58Z\"}")));
        invoke(publisher(), SampleEvents.bytes("run-cancelled.json"));

        assertEquals(List.of(
                "RunsCancelled 1.0 Count at 2026-11-22T09:15:02Z",
                "RunsCancelled [WorkflowName=nf-core-rnaseq] 1.0 Count at 2026-11-22T09:15:02Z"),
                datums(onlyPutMetricData()));
    }

    @Test
    void runningCountsAStartWithoutCallingGetRun() {
        invoke(publisher(), SampleEvents.bytes("run-running.json"));

        assertEquals(List.of(
                "RunsStarted 1.0 Count at 2026-11-20T08:09:31Z",
                "RunsStarted [WorkflowName=germline-wgs-gatk4] 1.0 Count at 2026-11-20T08:09:31Z"),
                datums(onlyPutMetricData()));
        assertEquals(0, apis.server().findAll(getRequestedFor(urlMatching("/run/.*"))).size());
    }

    @Test
    void pendingPublishesNothingAndCallsNothing() {
        JsonNode result = invoke(publisher(), SampleEvents.bytes("run-pending.json"));

        assertEquals(0, result.get("dataPoints").asInt());
        assertEquals(0, result.get("putMetricDataCalls").asInt());
        assertEquals(0, apis.server().getAllServeEvents().size(), "no API call at all");
        assertEquals(List.of(), s3.keys(BUCKET), "nothing to count twice: no marker");
    }

    @Test
    void theWorkflowIdStandsInForAMissingWorkflowName() {
        invoke(publisher(), mutate("run-running.json", e -> ((ObjectNode) e.get("detail")).remove("workflowName")));

        assertEquals("RunsStarted [WorkflowName=4716932] 1.0 Count at 2026-11-20T08:09:31Z",
                datums(onlyPutMetricData()).get(1));
    }

    @Test
    void aReplayedRunIsTimedButNotCountedAgain() {
        invoke(publisher(), mutate("run-completed.json", e -> e.put("source", "omics-monitor.replay")));

        assertEquals(List.of(
                "RunQueueSeconds 569.389 Seconds at 2026-11-20T11:42:18Z",
                "RunQueueSeconds [WorkflowName=germline-wgs-gatk4] 569.389 Seconds at 2026-11-20T11:42:18Z",
                "RunDurationSeconds 12762.267 Seconds at 2026-11-20T11:42:18Z",
                "RunDurationSeconds [WorkflowName=germline-wgs-gatk4] 12762.267 Seconds at 2026-11-20T11:42:18Z"),
                datums(onlyPutMetricData()));
    }

    @Test
    void anEventOlderThanCloudWatchAcceptsPublishesNothing() {
        JsonNode result = invoke(publisher(), SampleEvents.bytes("run-completed-legacy.json"));

        assertEquals("event time 2022-10-20T22:07:35Z is older than CloudWatch accepts (two weeks)",
                result.get("skipped").asText());
        assertEquals(0, apis.server().getAllServeEvents().size(), "neither GetRun nor PutMetricData");
    }

    @Test
    void aRunDeletedSinceItsEventIsStillCounted() {
        apis.server().stubFor(get(urlEqualTo("/run/7382915")).willReturn(aResponse().withStatus(404)
                .withHeader("x-amzn-ErrorType", "ResourceNotFoundException")
                .withHeader("Content-Type", "application/json")
                .withBody("{\"message\":\"The requested run could not be found.\"}")));
        invoke(publisher(), SampleEvents.bytes("run-completed.json"));

        assertEquals(List.of(
                "RunsCompleted 1.0 Count at 2026-11-20T11:42:18Z",
                "RunsCompleted [WorkflowName=germline-wgs-gatk4] 1.0 Count at 2026-11-20T11:42:18Z"),
                datums(onlyPutMetricData()));
    }

    @Test
    void anyOtherGetRunFailureFailsTheInvocationBeforeAnythingIsPublished() {
        apis.server().stubFor(get(urlEqualTo("/run/7382915")).willReturn(aResponse().withStatus(403)
                .withHeader("x-amzn-ErrorType", "AccessDeniedException")
                .withHeader("Content-Type", "application/json")
                .withBody("{\"message\":\"User is not authorized to perform: omics:GetRun\"}")));

        OmicsException e = assertThrows(OmicsException.class,
                () -> invoke(publisher(), SampleEvents.bytes("run-completed.json")));
        assertEquals(403, e.statusCode());
        assertEquals(0, apis.server().findAll(postRequestedFor(urlEqualTo("/"))).size(),
                "nothing published, so the retry counts the run once");
    }

    @Test
    void aRunAnalysisPublishesItsFiguresInOneCall() {
        JsonNode result = invoke(publisher(), SampleEvents.bytes("run-analysis-completed.json"));

        String at = " at 2026-11-20T11:58:40Z";
        String wf = " [WorkflowName=germline-wgs-gatk4]";
        List<String> expected = new ArrayList<>();
        for (String[] m : new String[][] {
                {"RunEstimatedCostUsd", "18.734512 None"},
                {"RunPotentialSavingUsd", "7.531135 None"},
                {"RunPeakCpuUtilization", "81.25 Percent"},
                {"RunMeanCpuUtilization", "43.7109 Percent"},
                {"RunPeakMemoryUtilization", "69.0234 Percent"},
                {"RunMeanMemoryUtilization", "33.1577 Percent"},
                {"RunTaskCount", "42.0 Count"},
                {"RunFailedTaskCount", "1.0 Count"},
                {"RunCacheHitCount", "3.0 Count"}}) {
            expected.add(m[0] + " " + m[1] + at);
            expected.add(m[0] + wf + " " + m[1] + at);
        }
        assertEquals(expected, datums(onlyPutMetricData()));
        assertEquals(18, result.get("dataPoints").asInt());
        assertEquals(0, apis.server().findAll(getRequestedFor(urlMatching("/run/.*"))).size());
    }

    @Test
    void anAnalysisWithoutPricesPublishesWhatItHas() {
        invoke(publisher(), mutate("run-analysis-completed.json", e -> {
            ObjectNode detail = (ObjectNode) e.get("detail");
            detail.putNull("estimatedUsd");
            detail.remove("potentialSavingUsd");
        }));

        List<String> names = datums(onlyPutMetricData()).stream().map(d -> d.substring(0, d.indexOf(' '))).distinct().toList();
        assertEquals(List.of("RunPeakCpuUtilization", "RunMeanCpuUtilization", "RunPeakMemoryUtilization",
                "RunMeanMemoryUtilization", "RunTaskCount", "RunFailedTaskCount", "RunCacheHitCount"), names);
    }

    @Test
    void aNegativeSavingIsPublishedAsIs() {
        invoke(publisher(), mutate("run-analysis-completed.json",
                e -> ((ObjectNode) e.get("detail")).put("potentialSavingUsd", -0.42)));

        assertTrue(datums(onlyPutMetricData()).contains("RunPotentialSavingUsd -0.42 None at 2026-11-20T11:58:40Z"));
    }

    @Test
    void theNamespaceComesFromTheEnvironment() {
        CustomMetricsPublisher publisher = new CustomMetricsPublisher(
                env("METRICS_NAMESPACE", "Genomics/Prod"), clients(), NOW);
        invoke(publisher, SampleEvents.bytes("run-running.json"));

        assertEquals("Genomics/Prod", onlyPutMetricData().get("Namespace"));
    }

    @Test
    void anAwsNamespaceIsRefusedAtStartUp() {
        Env.ConfigurationException e = assertThrows(Env.ConfigurationException.class, () ->
                new CustomMetricsPublisher(env("METRICS_NAMESPACE", "AWS/Omics"), clients(), NOW));
        assertTrue(e.getMessage().startsWith("metrics namespace 'AWS/Omics' is not valid"), e.getMessage());
    }

    @Test
    void failsOnANegativeCostAndPublishesNothing() {
        byte[] event = mutate("run-analysis-completed.json", e -> ((ObjectNode) e.get("detail")).put("estimatedUsd", -3.5));

        InvalidEventException e = assertThrows(InvalidEventException.class, () -> invoke(publisher(), event));
        assertEquals("event 8293a4b5-c6d7-e8f9-0a1b-2c3d4e5f6071: field 'detail.estimatedUsd' is -3.5, "
                + "expected a finite number of at least 0", e.getMessage());
        assertEquals(0, apis.server().getAllServeEvents().size());
    }

    @Test
    void failsOnATaskCountThatIsNotANumber() {
        byte[] event = mutate("run-analysis-completed.json", e -> ((ObjectNode) e.get("detail")).put("taskCount", "many"));

        InvalidEventException e = assertThrows(InvalidEventException.class, () -> invoke(publisher(), event));
        assertEquals("event 8293a4b5-c6d7-e8f9-0a1b-2c3d4e5f6071: field 'detail.taskCount' is 'many': "
                + "For input string: \"many\"", e.getMessage());
    }

    @Test
    void failsOnAnAnalysisWithoutARunId() {
        byte[] event = mutate("run-analysis-completed.json", e -> ((ObjectNode) e.get("detail")).remove("runId"));

        InvalidEventException e = assertThrows(InvalidEventException.class, () -> invoke(publisher(), event));
        assertEquals("event 8293a4b5-c6d7-e8f9-0a1b-2c3d4e5f6071: field 'detail.runId' is missing or empty",
                e.getMessage());
    }

    @Test
    void failsOnAnAnalysisFromAnotherSource() {
        byte[] event = mutate("run-analysis-completed.json", e -> e.put("source", "aws.omics"));

        InvalidEventException e = assertThrows(InvalidEventException.class, () -> invoke(publisher(), event));
        assertEquals("event 8293a4b5-c6d7-e8f9-0a1b-2c3d4e5f6071: field 'source' is 'aws.omics', but "
                + "'Run Analysis Completed' is accepted only from [omics-monitor]", e.getMessage());
        assertEquals(0, apis.server().getAllServeEvents().size());
    }

    @Test
    void failsOnADetailTypeItDoesNotHandle() {
        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> invoke(publisher(), SampleEvents.bytes("workflow-active.json")));
        assertTrue(e.getMessage().startsWith("event 718293a4-b5c6-d7e8-f90a-1b2c3d4e5f67: "
                + "detail-type 'Workflow Status Change' is not one this function handles"), e.getMessage());
    }

    @Test
    void failsTheInvocationWhenCloudWatchFailsForGood() {
        apis.server().stubFor(post(urlEqualTo("/")).willReturn(aResponse().withStatus(500)
                .withHeader("Content-Type", "text/xml")
                .withBody("<ErrorResponse xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\"><Error>"
                        + "<Type>Receiver</Type><Code>InternalServiceError</Code><Message>try again</Message></Error>"
                        + "<RequestId>req-2</RequestId></ErrorResponse>")));

        CloudWatchException e = assertThrows(CloudWatchException.class,
                () -> invoke(publisher(), SampleEvents.bytes("run-running.json")));
        assertEquals("InternalServiceError", e.awsErrorDetails().errorCode());
        assertEquals(4, apis.server().findAll(postRequestedFor(urlEqualTo("/"))).size(),
                "the SDK's retries (4 attempts), then the invocation fails");
        assertEquals(List.of(), s3.keys(BUCKET), "no marker: the retry publishes");
    }

    @Test
    void aRedeliveredStatusChangeIsPublishedOnceAndMarked() {
        JsonNode first = invoke(publisher(), SampleEvents.bytes("run-completed.json"));
        String marker = "lake/_state/custom-metrics/" + COMPLETED_EVENT + ".json";
        assertEquals(List.of(marker), s3.keys(BUCKET));
        assertEquals("{\"event_id\":\"" + COMPLETED_EVENT + "\",\"detail_type\":\"Run Status Change\","
                + "\"run_id\":\"7382915\",\"namespace\":\"OmicsMonitor\",\"data_points\":6,"
                + "\"published_at\":\"2026-11-24T12:00:00Z\"}\n", s3.read(BUCKET, marker));
        assertEquals(6, first.get("dataPoints").asInt());

        // a redelivery, in another execution environment, and another
        JsonNode second = invoke(publisher(), SampleEvents.bytes("run-completed.json"));
        invoke(publisher(), SampleEvents.bytes("run-completed.json"));

        assertEquals(1, apis.server().findAll(postRequestedFor(urlEqualTo("/"))).size(), "one PutMetricData");
        assertEquals(1, getRuns("7382915"), "the marker is read before GetRun: a redelivery costs no GetRun");
        assertEquals(0, second.get("dataPoints").asInt());
        assertEquals(0, second.get("putMetricDataCalls").asInt());
        assertEquals("already published (marker s3://omics-lake/" + marker + "): not counted again",
                second.get("skipped").asText());
        assertEquals(List.of(marker), s3.keys(BUCKET));
    }

    @Test
    void anotherEventOfTheSameRunIsCountedOnItsOwn() {
        invoke(publisher(), SampleEvents.bytes("run-running.json"));
        invoke(publisher(), SampleEvents.bytes("run-completed.json"));

        assertEquals(2, apis.server().findAll(postRequestedFor(urlEqualTo("/"))).size());
        assertEquals(2, s3.keys(BUCKET).size());
    }

    @Test
    void aRunAnalysisIsPublishedOncePerRunWhateverItsEventId() {
        invoke(publisher(), SampleEvents.bytes("run-analysis-completed.json"));
        // the run-analyzer run again on the same run puts a new event: a new id, the same run
        JsonNode again = invoke(publisher(), mutate("run-analysis-completed.json",
                e -> e.put("id", "0a1b2c3d-4e5f-4071-8293-a4b5c6d7e8f9")));

        assertEquals(1, apis.server().findAll(postRequestedFor(urlEqualTo("/"))).size());
        assertEquals(List.of("lake/_state/custom-metrics/run-analysis-7382915.json"), s3.keys(BUCKET));
        assertTrue(s3.read(BUCKET, "lake/_state/custom-metrics/run-analysis-7382915.json")
                .startsWith("{\"event_id\":\"8293a4b5-c6d7-e8f9-0a1b-2c3d4e5f6071\",\"detail_type\":\"Run Analysis Completed\","
                        + "\"run_id\":\"7382915\",\"namespace\":\"OmicsMonitor\",\"data_points\":18,"));
        assertTrue(again.get("skipped").asText().startsWith("already published"), again.toString());
    }

    /**
     * Issue 12: a replay carrying a live event's id (as its replayId) is marked in the replays' own name space, so
     * it cannot take the live event's marker: the live event, coming after it, is still counted.
     */
    @Test
    void aReplayWithALiveEventsIdDoesNotHideTheLiveEventsMetrics() {
        JsonNode replay = invoke(publisher(), mutate("run-completed.json", e -> {
            e.put("source", "omics-monitor.replay");
            ((ObjectNode) e.get("detail")).put("replayId", COMPLETED_EVENT);
        }));
        JsonNode live = invoke(publisher(), SampleEvents.bytes("run-completed.json"));

        assertEquals(4, replay.get("dataPoints").asInt(), "the replay's times, no counts");
        assertEquals(6, live.get("dataPoints").asInt(), "the live event is counted and timed");
        assertEquals(List.of("lake/_state/custom-metrics/" + COMPLETED_EVENT + ".json",
                "lake/_state/custom-metrics/replay-" + COMPLETED_EVENT + ".json"), s3.keys(BUCKET));
    }

    /**
     * Issue 12: only the run-analyzer's own {@code Run Analysis Completed} (source omics-monitor, which the stack's
     * bus policy lets only the run-analyzer's role put) is published; one under the replay source is refused before
     * anything is read or written, so it leaves no per-run marker that would hide the run's real analysis.
     */
    @Test
    void anAnalysisUnderTheReplaySourceIsRefusedAndHidesNothing() {
        byte[] forged = mutate("run-analysis-completed.json", e -> {
            e.put("source", "omics-monitor.replay");
            ((ObjectNode) e.get("detail")).put("estimatedUsd", 0.01);
        });

        InvalidEventException e = assertThrows(InvalidEventException.class, () -> invoke(publisher(), forged));
        assertEquals("event replay-8293a4b5-c6d7-e8f9-0a1b-2c3d4e5f6071: field 'source' is 'omics-monitor.replay', "
                + "but 'Run Analysis Completed' is accepted only from [omics-monitor]", e.getMessage());
        assertEquals(List.of(), s3.keys(BUCKET), "no marker");
        assertEquals(0, apis.server().getAllServeEvents().size());

        JsonNode live = invoke(publisher(), SampleEvents.bytes("run-analysis-completed.json"));
        assertEquals(18, live.get("dataPoints").asInt(), "the run's real analysis is published");
    }

    /** Without s3:ListBucket on the prefix, S3 answers a missing marker's HEAD with 403: a wiring mistake, not "absent". */
    @Test
    void aMarkerThatCannotBeReadFailsTheInvocationBeforeAnythingIsPublished() {
        apis.server().stubFor(head(urlMatching("/omics-lake/lake/_state/custom-metrics/.*"))
                .willReturn(aResponse().withStatus(403)));
        CustomMetricsPublisher publisher = new CustomMetricsPublisher(new Env(LAKE), LocalAws.clients(Map.of(
                "cloudwatch", apis.endpoint(), "omics", apis.endpoint(), "s3", apis.endpoint())), NOW);

        S3Exception e = assertThrows(S3Exception.class, () -> invoke(publisher, SampleEvents.bytes("run-completed.json")));
        assertEquals(403, e.statusCode());
        assertEquals(List.of("HEAD /omics-lake/lake/_state/custom-metrics/" + COMPLETED_EVENT + ".json"),
                apis.server().getAllServeEvents().stream()
                        .map(r -> r.getRequest().getMethod() + " " + r.getRequest().getUrl()).toList(),
                "neither GetRun nor PutMetricData");
    }

    @Test
    void theLakeBucketIsRequiredAtStartUp() {
        Env.ConfigurationException e = assertThrows(Env.ConfigurationException.class,
                () -> new CustomMetricsPublisher(new Env(Map.of()), clients(), NOW));
        assertEquals("environment variable LAKE_BUCKET is not set; the function cannot start without it", e.getMessage());
    }

    @Test
    void splitsIntoCallsOfAtMostOneThousandPoints() {
        CloudWatchClient client = clients().configure(CloudWatchClient.builder(), "cloudwatch");
        List<MetricDatum> points = IntStream.range(0, 2500).mapToObj(i -> MetricDatum.builder()
                .metricName("Point" + i).value((double) i).unit(StandardUnit.COUNT)
                .timestamp(Instant.parse("2026-11-20T11:42:18Z")).build()).toList();

        assertEquals(3, new CloudWatchMetrics(client, "OmicsMonitor").put(points));

        List<LoggedRequest> calls = apis.server().findAll(postRequestedFor(urlEqualTo("/")));
        assertEquals(List.of(1000, 1000, 500), calls.stream().map(r -> datums(form(r)).size()).toList());
        assertEquals("Point1000 1000.0 Count at 2026-11-20T11:42:18Z", datums(form(calls.get(1))).get(0));
        assertEquals("Point2499 2499.0 Count at 2026-11-20T11:42:18Z", datums(form(calls.get(2))).get(499));
    }

    @Test
    void primingForSnapStartSendsNothingAndLeavesThePublisherWorking() {
        ReadyToSend ready = new ReadyToSend();
        AwsClients aws = clients();
        S3Client lakeClient = aws.s3(ready); // the function's own S3 settings, watched
        CustomMetricsPublisher publisher = new CustomMetricsPublisher(new EventReader(NOW),
                new RunStatusMetrics(aws.configure(OmicsClient.builder()
                        .overrideConfiguration(o -> o.addExecutionInterceptor(ready)), "omics")),
                new CloudWatchMetrics(aws.configure(CloudWatchClient.builder()
                        .overrideConfiguration(o -> o.addExecutionInterceptor(ready)), "cloudwatch"),
                        CustomMetricsPublisher.DEFAULT_NAMESPACE),
                new PublishedEvents(new DataLake(lakeClient, new LakeLocation(BUCKET, "lake"))), lakeClient, NOW);

        publisher.prime();

        assertEquals(List.of("GetRun", "PutMetricData", "HeadObject", "PutObject",
                        "PutMetricData", "HeadObject", "PutObject"), ready.operations,
                "every call of both invocations marshalled and signed");
        assertEquals(List.of(), s3.keys(BUCKET), "priming writes no marker");
        assertEquals(0, apis.server().getAllServeEvents().size(), "priming sends no GetRun and no PutMetricData");
        invoke(publisher, SampleEvents.bytes("run-completed.json"));
        assertEquals(6, datums(onlyPutMetricData()).size());
        assertEquals(1, s3.keys(BUCKET).size());
    }

    /** The operations that got as far as sending: priming's dry calls are stopped right after this point. */
    static final class ReadyToSend implements ExecutionInterceptor {
        final List<String> operations = new CopyOnWriteArrayList<>();

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            operations.add(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
        }
    }

    private static long getRuns(String runId) {
        return apis.server().findAll(getRequestedFor(urlEqualTo("/run/" + runId))).size();
    }

    private static byte[] mutate(String sample, Consumer<ObjectNode> change) {
        try {
            ObjectNode event = (ObjectNode) Json.MAPPER.readTree(SampleEvents.bytes(sample));
            change.accept(event);
            return Json.MAPPER.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The one PutMetricData request the stub received, its form parameters decoded. */
    private static Map<String, String> onlyPutMetricData() {
        List<LoggedRequest> requests = apis.server().findAll(postRequestedFor(urlEqualTo("/")));
        assertEquals(1, requests.size(), "exactly one PutMetricData call");
        return form(requests.get(0));
    }

    private static Map<String, String> form(LoggedRequest request) {
        Map<String, String> form = new LinkedHashMap<>();
        Arrays.stream(request.getBodyAsString().split("&")).map(p -> p.split("=", 2)).forEach(p ->
                form.put(URLDecoder.decode(p[0], StandardCharsets.UTF_8),
                        p.length > 1 ? URLDecoder.decode(p[1], StandardCharsets.UTF_8) : ""));
        return form;
    }

    /**
     * The query protocol's data points, {@code MetricData.member.N.*}, each as
     * {@code Name [Dim=Value] value Unit at timestamp}, in the order sent.
     */
    private static List<String> datums(Map<String, String> form) {
        List<String> datums = new ArrayList<>();
        for (int n = 1; form.containsKey("MetricData.member." + n + ".MetricName"); n++) {
            String m = "MetricData.member." + n + ".";
            StringBuilder text = new StringBuilder(form.get(m + "MetricName"));
            List<String> dimensions = new ArrayList<>();
            for (int d = 1; form.containsKey(m + "Dimensions.member." + d + ".Name"); d++) {
                dimensions.add(form.get(m + "Dimensions.member." + d + ".Name") + "="
                        + form.get(m + "Dimensions.member." + d + ".Value"));
            }
            if (!dimensions.isEmpty()) {
                text.append(" [").append(String.join(", ", dimensions)).append(']');
            }
            text.append(' ').append(form.get(m + "Value")).append(' ').append(form.get(m + "Unit"))
                    .append(" at ").append(form.get(m + "Timestamp"));
            datums.add(text.toString());
        }
        return datums;
    }
}
