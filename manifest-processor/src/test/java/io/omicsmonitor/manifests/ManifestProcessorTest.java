package io.omicsmonitor.manifests;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omicsmonitor.common.Env;
import io.omicsmonitor.common.aws.AwsClients;
import io.omicsmonitor.common.events.EventReader;
import io.omicsmonitor.common.events.InvalidEventException;
import io.omicsmonitor.common.lake.DataLake;
import io.omicsmonitor.common.lake.LakeLocation;
import io.omicsmonitor.local.ApiStub;
import io.omicsmonitor.local.GetRunStub;
import io.omicsmonitor.local.LocalAws;
import io.omicsmonitor.local.LocalLambda;
import io.omicsmonitor.local.LocalS3;
import io.omicsmonitor.local.ManifestLogsStub;
import io.omicsmonitor.local.SampleEvents;
import io.omicsmonitor.manifest.IncompleteManifestException;
import io.omicsmonitor.manifest.logs.ManifestLogReader;
import io.omicsmonitor.manifest.logs.OmicsRuns;
import io.omicsmonitor.mapper.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.omics.OmicsClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The manifest processor end to end: sample events in, the recorded manifests served by a CloudWatch Logs stub to the
 * real SDK client, the objects read back from a real S3 server.
 */
class ManifestProcessorTest {

    static final String BUCKET = "omics-lake";
    static final Clock NOW = Clock.fixed(Instant.parse("2026-11-24T12:00:00Z"), ZoneOffset.UTC);

    static final String GERMLINE_RUN = "lake/runs/year=2026/month=11/day=20/7382915.json";
    static final String GERMLINE_TASKS = "lake/tasks/year=2026/month=11/day=20/7382915.json";

    static LocalS3 s3;
    static ApiStub apis;
    static ManifestLogsStub logs;

    @BeforeAll
    static void start() {
        s3 = LocalS3.inMemory();
        apis = new ApiStub();
        logs = new ManifestLogsStub(apis);
    }

    @AfterAll
    static void stop() {
        apis.close();
        s3.close();
    }

    @BeforeEach
    void emptyLakeAndLogs() {
        s3.resetTo(BUCKET);
        logs.reset();
        logs.recordedStream("7382915", "5f2b8a1e-3c4d-4e6f-9a7b-1c2d3e4f5a6b", 10);
        logs.recordedStream("9103774", "9e8d7c6b-5a49-4838-9271-6a5b4c3d2e1f", 10);
        logs.recordedStream("8264019", "7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d", 10);
        for (String runId : List.of("7382915", "9103774", "8264019")) {
            GetRunStub.answer(apis, runId, GetRunStub.recorded(runId));
        }
    }

    static ManifestProcessor processor() {
        Env env = new Env(Map.of("LAKE_BUCKET", BUCKET, "LAKE_PREFIX", "lake"));
        return new ManifestProcessor(env,
                LocalAws.clients(Map.of("s3", s3.endpoint(), "cloudwatch_logs", apis.endpoint(), "omics", apis.endpoint())),
                NOW);
    }

    static JsonNode invoke(String eventFile) {
        return LocalLambda.invoke(processor(), SampleEvents.bytes(eventFile));
    }

    static List<JsonNode> lines(String key) throws IOException {
        List<JsonNode> rows = new ArrayList<>();
        for (String line : s3.read(BUCKET, key).split("\n")) {
            rows.add(Json.MAPPER.readTree(line));
        }
        return rows;
    }

    @ParameterizedTest
    @CsvSource({
        "run-completed.json, 7382915, day=20, COMPLETED, 25",
        "run-failed.json,    9103774, day=21, FAILED,    12",
        "run-cancelled.json, 8264019, day=22, CANCELLED, 17",
    })
    void writesOneRunObjectAndOneTasksObjectUnderTheRunsCreationDate(String file, String runId, String day,
                                                                     String status, int tasks) throws IOException {
        JsonNode result = invoke(file);

        String runKey = "lake/runs/year=2026/month=11/" + day + "/" + runId + ".json";
        String tasksKey = "lake/tasks/year=2026/month=11/" + day + "/" + runId + ".json";
        assertEquals(List.of(runKey, tasksKey), s3.keys(BUCKET));
        assertEquals("s3://omics-lake/" + runKey, result.get("runObject").asText(), result.toString());
        assertEquals("s3://omics-lake/" + tasksKey, result.get("tasksObject").asText());
        assertEquals(tasks, result.get("taskCount").asInt());
        assertEquals("application/x-ndjson", s3.contentType(BUCKET, runKey));
        assertEquals("application/x-ndjson", s3.contentType(BUCKET, tasksKey));

        List<JsonNode> run = lines(runKey);
        assertEquals(1, run.size());
        assertEquals(status, run.get(0).get("status").asText());
        assertEquals(runId, run.get(0).get("run_id").asText());
        List<JsonNode> taskRows = lines(tasksKey);
        assertEquals(tasks, taskRows.size());
        for (JsonNode task : taskRows) {
            assertEquals(runId, task.get("run_id").asText());
            assertEquals("arn:aws:omics:us-west-2:123456789012:run/" + runId, task.get("run_arn").asText());
        }
    }

    @Test
    void writesTheRunRowExactly() {
        invoke("run-completed.json");

        assertEquals("{\"run_id\":\"7382915\",\"run_arn\":\"arn:aws:omics:us-west-2:123456789012:run/7382915\","
                + "\"run_uuid\":\"5f2b8a1e-3c4d-4e6f-9a7b-1c2d3e4f5a6b\",\"run_name\":\"NA12878-germline-wgs\","
                + "\"account\":\"123456789012\",\"region\":\"us-west-2\","
                + "\"workflow_arn\":\"arn:aws:omics:us-west-2:123456789012:workflow/4716932\",\"workflow_id\":\"4716932\","
                + "\"workflow_name\":\"germline-wgs-gatk4\",\"workflow_type\":\"PRIVATE\",\"engine\":\"WDL\","
                + "\"main\":\"main.wdl\","
                + "\"digest\":\"sha256:d74bb79ae31d0097314d4aaebabf89c8f8dcf5efa71ae2c9eafaadfbf4b15c15\","
                + "\"status\":\"COMPLETED\",\"status_message\":null,\"failure_reason\":null,"
                + "\"role_arn\":\"arn:aws:iam::123456789012:role/OmicsWorkflowRole\","
                + "\"started_by\":\"arn:aws:sts::123456789012:assumed-role/GenomicsPipeline/scheduler\","
                + "\"output_uri\":\"s3://genomics-results-123456789012/omics-runs\","
                + "\"parameters\":{\"sample_name\":\"NA12878\","
                + "\"fastq_1\":\"s3://genomics-inputs-123456789012/NA12878/R1.fastq.gz\","
                + "\"fastq_2\":\"s3://genomics-inputs-123456789012/NA12878/R2.fastq.gz\"},"
                + "\"parameter_template\":{\"sample_name\":{\"description\":\"sample name used for output files\"},"
                + "\"fastq_1\":{\"description\":\"read 1 FASTQ\"},\"fastq_2\":{\"description\":\"read 2 FASTQ\"},"
                + "\"scatter_count\":{\"description\":\"number of alignment shards\",\"optional\":true}},"
                + "\"resource_digests\":{"
                + "\"s3://genomics-inputs-123456789012/NA12878/R1.fastq.gz\":\"etag:6f1c9d2e8a4b3c5d7e9f0a1b2c3d4e5f-412\","
                + "\"s3://genomics-inputs-123456789012/NA12878/R2.fastq.gz\":\"etag:8a2d0e3f9b5c4d6e8f0a1b2c3d4e5f6a-415\","
                + "\"123456789012.dkr.ecr.us-west-2.amazonaws.com/gatk:4.5.0.0\":\"" + GATK_DIGEST + "\","
                + "\"123456789012.dkr.ecr.us-west-2.amazonaws.com/bwa-samtools:0.7.17-1.19\":\"" + BWA_DIGEST + "\","
                + "\"123456789012.dkr.ecr.us-west-2.amazonaws.com/picard:3.1.1\":\"" + PICARD_DIGEST + "\"},"
                + "\"storage_type\":\"STATIC\",\"storage_capacity\":1200,"
                + "\"creation_time\":\"2026-11-20T07:59:58.215Z\",\"start_time\":\"2026-11-20T08:09:27.604Z\","
                + "\"stop_time\":\"2026-11-20T11:42:09.871Z\",\"running_seconds\":12762.267,"
                + "\"metrics\":{\"storage_reserved_gib\":1200,\"storage_maximum_gib\":687.3,"
                + "\"storage_average_gib\":402.9,\"running_seconds\":12762.267},"
                // from GetRun (events/recorded/omics/get-run-7382915.json); the tags sorted by key
                + "\"workflow_version_name\":\"v2.1.0\",\"run_group_id\":\"5291847\",\"priority\":100,"
                + "\"cache_id\":\"8130264\",\"cache_behavior\":\"CACHE_ON_FAILURE\","
                + "\"tags\":{\"cost-center\":\"CC-4410\",\"project\":\"germline-validation\","
                + "\"sample-set\":\"GIAB-2026Q4\"},"
                // created 07:59:58.215, its first task (SplitFastq) started 08:11:43.605; CheckInputs came from the cache
                + "\"queued_seconds\":705.39,\"cache_hits\":1}\n",
                s3.read(BUCKET, GERMLINE_RUN));
        assertEquals(1, GetRunStub.calls(apis, "7382915"), "one GetRun per invocation");
    }

    /** A run without tags, run group or cache: an empty tags object (known: none), nulls for the rest. */
    @Test
    void anUntaggedRunHasAnEmptyTagsObject() throws IOException {
        ObjectNode run = (ObjectNode) Json.MAPPER.readTree(GetRunStub.recorded("9103774"));
        run.remove(List.of("tags", "runGroupId", "priority"));
        GetRunStub.answer(apis, "9103774", run.toString());

        invoke("run-failed.json");

        JsonNode row = lines("lake/runs/year=2026/month=11/day=21/9103774.json").get(0);
        assertEquals("{}", row.get("tags").toString(), row.toString());
        assertTrue(row.get("run_group_id").isNull() && row.get("priority").isNull() && row.get("cache_id").isNull());
        assertEquals("v1.4.2", row.get("workflow_version_name").asText());
    }

    /**
     * A run deleted since it finished (or removed by its retention mode): GetRun answers ResourceNotFoundException. The
     * manifest is there, so the row is written, its attribution null (unknown for good; retrying cannot change it).
     */
    @Test
    void aRunGetRunNoLongerKnowsIsWrittenWithItsAttributionNull() throws IOException {
        apis.server().stubFor(get(urlEqualTo("/run/9103774")).willReturn(aResponse().withStatus(404)
                .withHeader("x-amzn-ErrorType", "ResourceNotFoundException")
                .withHeader("Content-Type", "application/json").withBody("{\"message\":\"Run not found\"}")));

        invoke("run-failed.json");

        JsonNode row = lines("lake/runs/year=2026/month=11/day=21/9103774.json").get(0);
        for (String column : List.of("workflow_version_name", "run_group_id", "priority", "cache_id", "cache_behavior",
                "tags")) {
            assertTrue(row.get(column).isNull(), column + ": " + row);
        }
        assertEquals("arn:aws:sts::123456789012:assumed-role/GenomicsPipeline/scheduler", row.get("started_by").asText(),
                "the manifest's columns are all there");
        assertEquals(12, lines("lake/tasks/year=2026/month=11/day=21/9103774.json").size());
    }

    static final String GATK_DIGEST = "sha256:adaab9fbaf4588fb7fb3f0f3fcd9e87ba5807453222e9966ca2c35bb722086a4";
    static final String BWA_DIGEST = "sha256:cafe8704e00d22224e542e7bc05d05dec96a94ae88f41d353719a9516be335ac";
    static final String PICARD_DIGEST = "sha256:b404d966e335513566f47b0cbd5ffd5a50816d29dc0d46b5dbdeda417a1f9454";

    @Test
    void writesATaskRowExactly() {
        invoke("run-completed.json");

        String mergeVcfs = s3.read(BUCKET, GERMLINE_TASKS).split("\n")[24];
        assertEquals("{\"run_id\":\"7382915\",\"run_arn\":\"arn:aws:omics:us-west-2:123456789012:run/7382915\","
                + "\"task_id\":\"4804000\",\"task_arn\":\"arn:aws:omics:us-west-2:123456789012:task/4804000\","
                + "\"task_uuid\":\"6a2684f9-4683-4165-9a13-392b97971ae3\",\"name\":\"MergeVCFs\","
                + "\"image\":\"123456789012.dkr.ecr.us-west-2.amazonaws.com/gatk:4.5.0.0\","
                + "\"image_digest\":\"" + GATK_DIGEST + "\",\"instance_type\":\"omics.c.large\","
                + "\"cpus\":2,\"memory_gib\":4,\"gpus\":0,\"status\":\"COMPLETED\",\"status_message\":null,"
                + "\"failure_reason\":null,\"creation_time\":\"2026-11-20T11:34:31.116Z\","
                + "\"start_time\":\"2026-11-20T11:35:58.566Z\",\"stop_time\":\"2026-11-20T11:36:42.350Z\","
                + "\"running_seconds\":43.784,\"metrics\":{\"cpus_reserved\":2,\"cpus_average\":0.61,"
                + "\"cpus_maximum\":0.97,\"gpus_reserved\":0,\"memory_reserved_gib\":4,\"memory_average_gib\":1.12,"
                + "\"memory_maximum_gib\":1.83,\"running_seconds\":43.784},"
                // created 11:34:31.116, started 11:35:58.566
                + "\"cached\":false,\"queued_seconds\":87.45}", mergeVcfs);
    }

    @Test
    void keepsACallCachedTaskWithoutTimesAndWithEmptyMetrics() throws IOException {
        invoke("run-completed.json");

        JsonNode cached = lines(GERMLINE_TASKS).get(0);
        assertEquals("CheckInputs", cached.get("name").asText());
        assertTrue(cached.get("start_time").isNull() && cached.get("running_seconds").isNull());
        assertEquals("{\"cpus_reserved\":null,\"cpus_average\":null,\"cpus_maximum\":null,\"gpus_reserved\":null,"
                + "\"memory_reserved_gib\":null,\"memory_average_gib\":null,\"memory_maximum_gib\":null,"
                + "\"running_seconds\":null},\"cached\":true,\"queued_seconds\":null}",
                s3.read(BUCKET, GERMLINE_TASKS).split("\n")[0].replaceFirst(".*\"metrics\":", ""));
        List<JsonNode> tasks = lines(GERMLINE_TASKS);
        assertEquals(1, tasks.stream().filter(t -> t.get("cached").asBoolean()).count(), "the other 24 ran");
    }

    @Test
    void normalisesTimesWithoutAZoneAndKeepsATaskWithoutMetrics() throws IOException {
        invoke("run-cancelled.json");

        JsonNode run = lines("lake/runs/year=2026/month=11/day=22/8264019.json").get(0);
        // the manifest wrote 2026-11-22T07:52:45.500, without the Z: every manifest time is UTC
        assertEquals("2026-11-22T07:52:45.500Z", run.get("start_time").asText());
        assertEquals("2026-11-22T09:14:58.130Z", run.get("stop_time").asText());
        assertEquals(4932.63, run.get("running_seconds").asDouble());
        JsonNode neverStarted = lines("lake/tasks/year=2026/month=11/day=22/8264019.json").get(16);
        assertEquals("NFCORE_RNASEQ:RNASEQ:BAM_RSEQC:RSEQC_INFEREXPERIMENT (WT_REP1)", neverStarted.get("name").asText());
        assertEquals("CANCELLED", neverStarted.get("status").asText());
        assertTrue(neverStarted.get("metrics").isNull(), "a record without a metrics key has null metrics");
        // created, never started (the run was cancelled first): not served from the cache, and no queue time
        assertEquals(false, neverStarted.get("cached").asBoolean(true));
        assertTrue(neverStarted.get("queued_seconds").isNull());
        // a run whose manifest times lack the Z: created 07:40:11.020, its first task (GUNZIP_GTF) started 07:54:29.774
        assertEquals(858.754, run.get("queued_seconds").asDouble(), 1e-9);
        assertEquals(0, run.get("cache_hits").asInt());
    }

    @Test
    void aReplayOverwritesTheSameObjectsWithTheSameBytes() {
        invoke("run-failed.json");
        List<String> keys = s3.keys(BUCKET);
        List<String> first = keys.stream().map(k -> s3.read(BUCKET, k)).toList();

        invoke("run-failed.json");

        assertEquals(keys, s3.keys(BUCKET));
        assertEquals(first, keys.stream().map(k -> s3.read(BUCKET, k)).toList());
    }

    @Test
    void aManifestNotWrittenYetFailsTheInvocationAndWritesNothing() {
        logs.reset();
        GetRunStub.answer(apis, "7382915", GetRunStub.recorded("7382915"));

        IncompleteManifestException e = assertThrows(IncompleteManifestException.class, () -> invoke("run-completed.json"));

        assertTrue(e.getMessage().startsWith("run 7382915: the manifest is not complete"), e.getMessage());
        assertTrue(e.getMessage().endsWith("this invocation fails and will be retried"), e.getMessage());
        assertEquals(List.of(), s3.keys(BUCKET));
    }

    /**
     * Issue 12: a run cancelled while PENDING never gets a manifest. GetRun (the real SDK client against the stub) shows
     * no startTime: the run row is written from GetRun, no tasks object, and the invocation succeeds instead of
     * retrying into the dead-letter queue.
     */
    @Test
    void aRunThatNeverStartedIsRecordedFromGetRunAndTheInvocationSucceeds() throws IOException {
        logs.reset();
        GetRunStub.answer(apis, "8264019", GetRunStub.cancelledBeforeItStarted("8264019"));

        JsonNode result = invoke("run-cancelled.json");

        String runKey = "lake/runs/year=2026/month=11/day=22/8264019.json";
        assertEquals(List.of(runKey), s3.keys(BUCKET), "the run row only: a run that never started has no tasks");
        assertEquals("s3://omics-lake/" + runKey, result.get("runObject").asText(), result.toString());
        assertTrue(result.get("tasksObject").isNull(), result.toString());
        assertEquals(0, result.get("taskCount").asInt());
        assertTrue(result.get("skipped").asText().startsWith("the run never started (GetRun has no startTime)"),
                result.toString());
        List<JsonNode> rows = lines(runKey);
        assertEquals(1, rows.size());
        JsonNode row = rows.get(0);
        assertEquals("8264019", row.get("run_id").asText());
        assertEquals("arn:aws:omics:us-west-2:123456789012:run/8264019", row.get("run_arn").asText());
        assertEquals("7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d", row.get("run_uuid").asText());
        assertEquals("rnaseq-batch-17", row.get("run_name").asText());
        assertEquals("123456789012", row.get("account").asText());
        assertEquals("us-west-2", row.get("region").asText());
        assertEquals("6390217", row.get("workflow_id").asText());
        assertEquals("CANCELLED", row.get("status").asText());
        assertEquals("Run cancelled by user before it started", row.get("status_message").asText());
        assertEquals("2026-11-22T07:40:11.020Z", row.get("creation_time").asText());
        assertTrue(row.get("start_time").isNull(), row.toString());
        assertEquals("2026-11-22T07:44:02.300Z", row.get("stop_time").asText());
        assertTrue(row.get("running_seconds").isNull(), row.toString());
        assertTrue(row.get("metrics").isNull(), row.toString());
        assertTrue(row.get("queued_seconds").isNull(), "no task ever started: " + row);
        assertEquals(0, row.get("cache_hits").asInt(), "no task, so none from the cache");
        assertTrue(row.get("parameters").isNull(), "GetRun's parameters are not copied: " + row);
        assertEquals("3.14.0", row.get("workflow_version_name").asText());
        assertEquals(50, row.get("priority").asInt());
        assertEquals("CACHE_ALWAYS", row.get("cache_behavior").asText());
        assertEquals("{\"project\":\"rnaseq-atlas\"}", row.get("tags").toString());
        assertEquals(1, GetRunStub.calls(apis, "8264019"));
    }

    /** A run that did start, with its manifest still missing: the old retryable failure, nothing written. */
    @Test
    void aRunThatStartedWithoutItsManifestYetStillFailsAsRetryable() {
        logs.reset();
        GetRunStub.answer(apis, "8264019", GetRunStub.recorded("8264019"));

        IncompleteManifestException e = assertThrows(IncompleteManifestException.class, () -> invoke("run-cancelled.json"));

        assertTrue(e.getMessage().startsWith("run 8264019: the manifest is not complete"), e.getMessage());
        assertTrue(e.getMessage().endsWith("this invocation fails and will be retried"), e.getMessage());
        assertEquals(List.of(), s3.keys(BUCKET));
        assertEquals(1, GetRunStub.calls(apis, "8264019"));
    }

    @Test
    void skipsARunThatHasNotEnded() {
        JsonNode result = invoke("run-running.json");

        assertEquals("status RUNNING is not terminal", result.get("skipped").asText());
        assertEquals(List.of(), s3.keys(BUCKET));
        assertTrue(logs.getLogEventsRequests().isEmpty(), "no manifest is read for a running run");
    }

    @Test
    void refusesAnEventOfAnotherDetailType() {
        InvalidEventException e = assertThrows(InvalidEventException.class, () -> invoke("task-completed.json"));

        assertTrue(e.getMessage().contains("detail-type 'Task Status Change' is not one this function handles"),
                e.getMessage());
        assertEquals(List.of(), s3.keys(BUCKET));
    }

    @Test
    void primingForSnapStartSendsNothingAndLeavesTheProcessorWorking() throws IOException {
        ReadyToSend ready = new ReadyToSend();
        AwsClients aws = LocalAws.clients(Map.of("s3", s3.endpoint(), "cloudwatch_logs", apis.endpoint(),
                "omics", apis.endpoint()));
        S3Client lakeClient = aws.s3(ready); // the function's own S3 settings, watched
        ManifestProcessor processor = new ManifestProcessor(new EventReader(NOW), new ManifestLogReader(
                aws.configure(CloudWatchLogsClient.builder().overrideConfiguration(o -> o.addExecutionInterceptor(ready)),
                        "cloudwatch_logs"), ManifestLogReader.DEFAULT_LOG_GROUP),
                new OmicsRuns(aws.configure(OmicsClient.builder().overrideConfiguration(o -> o.addExecutionInterceptor(ready)),
                        "omics")),
                new DataLake(lakeClient, new LakeLocation(BUCKET, "lake")), lakeClient);

        processor.prime();

        assertEquals(List.of("GetLogEvents", "GetRun", "HeadObject", "PutObject", "HeadObject", "PutObject"),
                ready.operations,
                "every call of the invocation marshalled and signed");
        assertEquals(List.of(), s3.keys(BUCKET), "priming writes nothing");
        assertEquals(0, apis.server().getAllServeEvents().size(), "priming reads no log");
        processor.handleRequest(new ByteArrayInputStream(SampleEvents.bytes("run-completed.json")),
                new ByteArrayOutputStream(), null);
        assertEquals(List.of(GERMLINE_RUN, GERMLINE_TASKS), s3.keys(BUCKET));
    }

    /** The operations that got as far as sending: priming's dry calls are stopped right after this point. */
    static final class ReadyToSend implements ExecutionInterceptor {
        final List<String> operations = new CopyOnWriteArrayList<>();

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            operations.add(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
        }
    }
}
