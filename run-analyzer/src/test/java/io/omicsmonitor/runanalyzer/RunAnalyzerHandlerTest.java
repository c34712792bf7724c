package io.omicsmonitor.runanalyzer;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.omicsmonitor.common.Env;
import io.omicsmonitor.common.aws.AwsClients;
import io.omicsmonitor.common.events.EventReader;
import io.omicsmonitor.common.lake.DataLake;
import io.omicsmonitor.common.lake.LakeLocation;
import io.omicsmonitor.local.ApiStub;
import io.omicsmonitor.local.GetRunStub;
import io.omicsmonitor.local.LocalAws;
import io.omicsmonitor.local.LocalLambda;
import io.omicsmonitor.local.LocalS3;
import io.omicsmonitor.local.ManifestLogsStub;
import io.omicsmonitor.local.PriceListStub;
import io.omicsmonitor.local.SampleEvents;
import io.omicsmonitor.manifest.IncompleteManifestException;
import io.omicsmonitor.pricelist.PriceListPriceBook;
import io.omicsmonitor.manifest.logs.ManifestLogReader;
import io.omicsmonitor.manifest.logs.OmicsRuns;

import io.omicsmonitor.mapper.Json;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.omics.OmicsClient;
import software.amazon.awssdk.services.pricing.PricingClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The run analyzer end to end: sample events in, the recorded manifests served by a CloudWatch Logs stub, objects read
 * back from a real S3 server, the event read back from the PutEvents request the real EventBridge client sent.
 *
 * <p>The expected figures were computed by hand (a separate script over the recorded manifests and
 * {@code prices-us-west-2.json}), not by the analyzer.
 */
class RunAnalyzerHandlerTest {

    static final String BUCKET = "omics-lake";
    static final Clock NOW = Clock.fixed(Instant.parse("2026-11-24T12:00:00Z"), ZoneOffset.UTC);
    static final String EVENT_ID = "11710aed-b79e-4468-a20b-bb3c0c3b4860";

    static final String GERMLINE_ANALYSIS = "lake/run_analysis/year=2026/month=11/day=20/7382915.json";
    static final String GERMLINE_CSV = "lake/run_analysis_csv/year=2026/month=11/day=20/7382915.csv";

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
    void emptyLakeAndStubs() {
        s3.resetTo(BUCKET);
        logs.reset();
        logs.recordedStream("7382915", "5f2b8a1e-3c4d-4e6f-9a7b-1c2d3e4f5a6b", 10);
        logs.recordedStream("9103774", "9e8d7c6b-5a49-4838-9271-6a5b4c3d2e1f", 10);
        logs.recordedStream("8264019", "7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d", 10);
        putEventsAnswers("{\"FailedEntryCount\":0,\"Entries\":[{\"EventId\":\"" + EVENT_ID + "\"}]}");
        for (String runId : List.of("7382915", "9103774", "8264019")) {
            GetRunStub.answer(apis, runId, GetRunStub.recorded(runId));
        }
    }

    static void putEventsAnswers(String body) {
        apis.server().stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AWSEvents.PutEvents"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody(body)));
    }

    static Map<String, String> env(String... extra) {
        Map<String, String> env = new HashMap<>(Map.of("LAKE_BUCKET", BUCKET, "LAKE_PREFIX", "lake",
                "PRICES_FILE", pricesFile(), "EVENT_BUS_NAME", "omics-monitor"));
        for (int i = 0; i + 1 < extra.length; i += 2) {
            env.put(extra[i], extra[i + 1]);
        }
        return env;
    }

    static String pricesFile() {
        try {
            return Path.of(RunAnalyzerHandlerTest.class.getResource("/prices-us-west-2.json").toURI()).toString();
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    static RunAnalyzerHandler handler(Map<String, String> env) {
        return new RunAnalyzerHandler(new Env(env), LocalAws.clients(Map.of("s3", s3.endpoint(),
                "cloudwatch_logs", apis.endpoint(), "pricing", apis.endpoint(), "eventbridge", apis.endpoint(),
                "omics", apis.endpoint())), NOW);
    }

    static JsonNode invoke(RunAnalyzerHandler handler, String eventFile) {
        return LocalLambda.invoke(handler, SampleEvents.bytes(eventFile));
    }

    static List<JsonNode> lines(String key) throws IOException {
        List<JsonNode> rows = new ArrayList<>();
        for (String line : s3.read(BUCKET, key).split("\n")) {
            rows.add(Json.MAPPER.readTree(line));
        }
        return rows;
    }

    static List<LoggedRequest> putEvents() {
        return apis.server().findAll(postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("AWSEvents.PutEvents")));
    }

    static JsonNode task(List<JsonNode> rows, String name) {
        return rows.stream().filter(r -> name.equals(r.path("name").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + name));
    }

    @Test
    void writesTheAnalysisAndTheCsvUnderTheRunsCreationDate() throws IOException {
        JsonNode result = invoke(handler(env()), "run-completed.json");

        assertEquals(List.of(GERMLINE_ANALYSIS, GERMLINE_CSV), s3.keys(BUCKET));
        assertEquals("application/x-ndjson", s3.contentType(BUCKET, GERMLINE_ANALYSIS));
        assertEquals("text/csv", s3.contentType(BUCKET, GERMLINE_CSV));
        assertEquals("s3://omics-lake/" + GERMLINE_ANALYSIS, result.get("analysisObject").asText());
        assertEquals("s3://omics-lake/" + GERMLINE_CSV, result.get("csvObject").asText());
        assertEquals(EVENT_ID, result.get("analysisEventId").asText());

        List<JsonNode> rows = lines(GERMLINE_ANALYSIS);
        assertEquals(26, rows.size(), "the run row, then one row per task");
        JsonNode run = rows.get(0);
        assertEquals("run", run.get("type").asText());
        assertEquals("7382915", run.get("run_id").asText());
        assertEquals("COMPLETED", run.get("status").asText());
        assertEquals("2026-11-20T08:09:27.604Z", run.get("start_time").asText());
        // storage: 0.0001918 USD/GB-h x 1200 GiB x 12762.267 s; the optimal static size is 1200 GiB too
        assertEquals(0.8159342702, run.get("estimated_usd").asDouble(), 1e-12);
        assertEquals(0.8159342702, run.get("minimum_usd").asDouble(), 1e-12);
        assertEquals(0.57275, run.get("storage_utilization_ratio").asDouble(), 1e-12);
        // the concurrency peak: six BwaMem shards on omics.c.4xlarge at once
        assertEquals(96, run.get("cpus_reserved").asInt());
        // the tasks and the storage, CheckInputs (served from the run cache) at 0: 7.9154152547 - 0.0019125
        assertEquals(7.9135027547, run.get("total_estimated_usd").asDouble(), 1e-9);
        assertEquals(7.07388183095, run.get("total_minimum_usd").asDouble(), 1e-9);
        assertEquals(0.83962092375, run.get("potential_saving_usd").asDouble(), 1e-9);
        assertEquals(0.0, run.get("headroom").asDouble());
        assertEquals("us-west-2", run.get("price_region").asText());
        assertEquals(0, run.get("missing_prices").size());
        // who pays: GetRun's workflow id, user and tags (events/recorded/omics/get-run-7382915.json), sorted by key,
        // and the event's workflow name; one GetRun
        assertEquals("\"workflow_id\":\"4716932\",\"workflow_name\":\"germline-wgs-gatk4\","
                + "\"started_by\":\"arn:aws:sts::123456789012:assumed-role/GenomicsPipeline/scheduler\","
                + "\"tags\":{\"cost-center\":\"CC-4410\",\"project\":\"germline-validation\","
                + "\"sample-set\":\"GIAB-2026Q4\"},"
                // then issue 15's columns: created 07:59:58.215, first task start 08:11:43.605; one task from the cache
                + "\"cached\":null,\"queued_seconds\":705.39,\"cache_hits\":1,"
                // and which prices: the offline book, with what `sha256sum prices-us-west-2.json` prints
                + "\"price_source\":\"" + pricesFile()
                + " (sha256 063554f27f45339319c0d1372adcd5dd44574ec51accd40a431520fe9d5738b2)\"}",
                s3.read(BUCKET, GERMLINE_ANALYSIS).split("\n")[0].replaceFirst(".*\"missing_prices\":\\[],", ""));
        assertEquals(1, GetRunStub.calls(apis, "7382915"), "one GetRun per invocation");

        for (JsonNode row : rows.subList(1, rows.size())) {
            assertEquals("task", row.get("type").asText());
            assertEquals("7382915", row.get("run_id").asText());
            assertTrue(row.get("total_estimated_usd").isNull() && row.get("cache_hits").isNull());
            for (String column : List.of("workflow_id", "workflow_name", "started_by", "tags")) {
                assertTrue(row.get(column).isNull(), "the run row alone is attributed: " + column);
            }
        }
        // 43.784 s billed as 60 s: 0.11475 USD/h x 60 / 3600
        JsonNode mergeVcfs = task(rows, "MergeVCFs");
        assertEquals(0.0019125, mergeVcfs.get("estimated_usd").asDouble(), 1e-15);
        assertEquals(43.784, mergeVcfs.get("running_seconds").asDouble());
        assertEquals(false, mergeVcfs.get("cached").asBoolean(true));
        assertEquals(87.45, mergeVcfs.get("queued_seconds").asDouble(), 1e-9, "created 11:34:31.116, started 11:35:58.566");
        // call-cached (no times, metrics {}): HealthOmics ran nothing, so it costs nothing here (the CSV bills 60 s)
        JsonNode cached = task(rows, "CheckInputs");
        assertEquals(true, cached.get("cached").asBoolean(false));
        assertEquals(0.0, cached.get("estimated_usd").asDouble(-1));
        assertEquals(0.0, cached.get("minimum_usd").asDouble(-1));
        assertTrue(cached.get("queued_seconds").isNull());
        assertEquals("omics.c.large", cached.get("omics_instance_type_minimum").asText());
        assertTrue(cached.get("start_time").isNull());
        assertEquals(1, rows.stream().filter(r -> r.get("cached").asBoolean()).count(), "the other 24 tasks ran");
        // peak 2.13 vCPU and 41.2 GiB still need an omics.r.2xlarge
        JsonNode markDuplicates = task(rows, "MarkDuplicates");
        assertEquals("omics.r.2xlarge", markDuplicates.get("omics_instance_type_minimum").asText());
        assertEquals(64, markDuplicates.get("recommended_memory_gib").asInt());
        // HaplotypeCaller reserved omics.m.2xlarge (8 vCPU, 32 GiB) and peaked under 3 vCPU, 11 GiB: omics.m.xlarge
        JsonNode haplotypeCaller = task(rows, "HaplotypeCaller-0-1");
        assertEquals("omics.m.2xlarge", haplotypeCaller.get("omics_instance_type_reserved").asText());
        assertEquals("omics.m.xlarge", haplotypeCaller.get("omics_instance_type_minimum").asText());
        assertEquals(0.255277584, haplotypeCaller.get("estimated_usd").asDouble(), 1e-12);
        assertEquals(0.127638792, haplotypeCaller.get("minimum_usd").asDouble(), 1e-12);
    }

    @Test
    void writesTheUpstreamCsv() {
        invoke(handler(env()), "run-completed.json");

        String[] csv = s3.read(BUCKET, GERMLINE_CSV).split("\n", -1);
        assertEquals(28, csv.length, "header, run, 25 tasks, and the final newline");
        assertEquals("uuid,arn,type,name,startTime,stopTime,runningSeconds,cpusRequested,gpusRequested,"
                + "memoryRequestedGiB,omicsInstanceTypeReserved,omicsInstanceTypeMinimum,recommendedCpus,"
                + "recommendedMemoryGiB,estimatedUSD,minimumUSD,cpuUtilizationRatio,memoryUtilizationRatio,"
                + "storageUtilizationRatio,cpusReserved,cpusMaximum,cpusAverage,gpusReserved,memoryReservedGiB,"
                + "memoryMaximumGiB,memoryAverageGiB,storageReservedGiB,storageMaximumGiB,storageAverageGiB", csv[0]);
        assertEquals("5f2b8a1e-3c4d-4e6f-9a7b-1c2d3e4f5a6b,arn:aws:omics:us-west-2:123456789012:run/7382915,run,"
                + "NA12878-germline-wgs,2026-11-20T08:09:27.604Z,2026-11-20T11:42:09.871Z,12762.267000,,,,,,,,"
                + "0.815934,0.815934,0.985000,0.643906,0.572750,96,94.560000,24.767285,0,192,123.630000,36.388495,"
                + "1200,687.300000,402.900000", csv[1]);
        assertEquals("", csv[27]);
        // the upstream CSV bills the call-cached task the 60 s minimum, as omics-run-analyzer does: 0.11475 $/h x 60 s
        assertEquals("62f746b4-84e6-4ceb-95bd-447e7184d454,arn:aws:omics:us-west-2:123456789012:task/4803112,task,"
                + "CheckInputs,,,,2,0,4,omics.c.large,omics.c.large,,,0.001913,0.001913,,,,,,,,,,,,,", csv[2]);
    }

    @Test
    void putsOneRunAnalysisCompletedEvent() throws IOException {
        invoke(handler(env()), "run-completed.json");

        List<LoggedRequest> requests = putEvents();
        assertEquals(1, requests.size());
        JsonNode entries = Json.MAPPER.readTree(requests.get(0).getBodyAsString()).get("Entries");
        assertEquals(1, entries.size());
        JsonNode entry = entries.get(0);
        assertEquals("omics-monitor", entry.get("Source").asText());
        assertEquals("Run Analysis Completed", entry.get("DetailType").asText());
        assertEquals("omics-monitor", entry.get("EventBusName").asText());
        assertEquals("[\"arn:aws:omics:us-west-2:123456789012:run/7382915\"]", entry.get("Resources").toString());

        JsonNode detail = Json.MAPPER.readTree(entry.get("Detail").asText());
        List<String> names = new ArrayList<>();
        detail.fieldNames().forEachRemaining(names::add);
        assertEquals(List.of("runId", "runArn", "runUuid", "runName", "workflowId", "workflowName", "status", "region",
                "taskCount", "failedTaskCount", "cacheHits", "estimatedUsd", "minimumUsd", "potentialSavingUsd", "peakCpuUtilization",
                "meanCpuUtilization", "peakMemoryUtilization", "meanMemoryUtilization", "analysisObject"), names);
        assertEquals("7382915", detail.get("runId").asText());
        assertEquals("5f2b8a1e-3c4d-4e6f-9a7b-1c2d3e4f5a6b", detail.get("runUuid").asText());
        assertEquals("NA12878-germline-wgs", detail.get("runName").asText());
        assertEquals("4716932", detail.get("workflowId").asText());
        assertEquals("germline-wgs-gatk4", detail.get("workflowName").asText());
        assertEquals("COMPLETED", detail.get("status").asText());
        assertEquals("us-west-2", detail.get("region").asText());
        assertEquals(25, detail.get("taskCount").asInt());
        assertEquals(0, detail.get("failedTaskCount").asInt());
        assertEquals(1, detail.get("cacheHits").asInt(), "CheckInputs, served from the run cache");
        // the run row's totals: the cached task costs nothing
        assertEquals(7.9135027547, detail.get("estimatedUsd").asDouble(), 1e-9);
        assertEquals(7.07388183095, detail.get("minimumUsd").asDouble(), 1e-9);
        assertEquals(0.83962092375, detail.get("potentialSavingUsd").asDouble(), 1e-9);
        // over the 24 tasks with maxima (the call-cached one has none): BwaMem's 15.9 of 16 vCPU is the peak
        assertEquals(0.99375, detail.get("peakCpuUtilization").asDouble(), 1e-12);
        assertEquals(0.5556770833333334, detail.get("meanCpuUtilization").asDouble(), 1e-12);
        assertEquals(0.6984375, detail.get("peakMemoryUtilization").asDouble(), 1e-12);
        assertEquals(0.4703515625, detail.get("meanMemoryUtilization").asDouble(), 1e-12);
        assertEquals("s3://omics-lake/" + GERMLINE_ANALYSIS, detail.get("analysisObject").asText());
    }

    @Test
    void analyzesTheFailedRunWithItsOutOfMemoryTask() throws IOException {
        invoke(handler(env()), "run-failed.json");

        List<JsonNode> rows = lines("lake/run_analysis/year=2026/month=11/day=21/9103774.json");
        JsonNode run = rows.get(0);
        assertEquals("FAILED", run.get("status").asText());
        // DYNAMIC storage on a run under two hours: no storage average or maximum, so no storage cost
        assertTrue(run.get("estimated_usd").isNull());
        assertTrue(run.get("minimum_usd").isNull());
        assertEquals(2.166921568875, run.get("total_estimated_usd").asDouble(), 1e-9);
        assertEquals(0, run.get("cache_hits").asInt(), "every task ran");
        assertEquals(645.895, run.get("queued_seconds").asDouble(), 1e-9, "created 12:58:40.112, first start 13:09:26.007");
        JsonNode oom = task(rows, "Mutect2_scatter-3-1");
        assertEquals("FAILED", oom.get("status").asText());
        assertEquals(0.995625, oom.get("memory_utilization_ratio").asDouble(), 1e-12);

        JsonNode detail = Json.MAPPER.readTree(Json.MAPPER.readTree(putEvents().get(0).getBodyAsString())
                .get("Entries").get(0).get("Detail").asText());
        assertEquals("FAILED", detail.get("status").asText());
        assertEquals(12, detail.get("taskCount").asInt());
        assertEquals(1, detail.get("failedTaskCount").asInt());
        assertEquals(0, detail.get("cacheHits").asInt());
        assertEquals(0.995625, detail.get("peakMemoryUtilization").asDouble(), 1e-12);
    }

    @Test
    void leavesCostsBlankForAPriceTheBookDoesNotHave() throws IOException {
        // the test price book has no omics.m.4xlarge: STAR's right-size for 16 vCPU and 35 GiB
        invoke(handler(env()), "run-cancelled.json");

        List<JsonNode> rows = lines("lake/run_analysis/year=2026/month=11/day=22/8264019.json");
        assertEquals("[\"omics.m.4xlarge\"]", rows.get(0).get("missing_prices").toString());
        JsonNode star = task(rows, "NFCORE_RNASEQ:RNASEQ:ALIGN_STAR:STAR_ALIGN (WT_REP2)");
        assertEquals("omics.m.4xlarge", star.get("omics_instance_type_minimum").asText());
        assertTrue(star.get("minimum_usd").isNull());
        assertEquals(0.50806224, star.get("estimated_usd").asDouble(), 1e-12);
        assertEquals(4.63116715275, rows.get(0).get("total_estimated_usd").asDouble(), 1e-9);
        // a task created but never started and without metrics: every derived value empty
        JsonNode neverStarted = task(rows, "NFCORE_RNASEQ:RNASEQ:BAM_RSEQC:RSEQC_INFEREXPERIMENT (WT_REP1)");
        assertTrue(neverStarted.get("estimated_usd").isNull() && neverStarted.get("running_seconds").isNull());
        assertEquals(false, neverStarted.get("cached").asBoolean(true), "created, so not from the cache");
    }

    @Test
    void aReplayOverwritesTheSameObjectsAndPutsTheEventAgain() {
        RunAnalyzerHandler handler = handler(env());
        invoke(handler, "run-completed.json");
        List<String> first = s3.keys(BUCKET).stream().map(k -> s3.read(BUCKET, k)).toList();

        invoke(handler, "run-completed.json");

        assertEquals(List.of(GERMLINE_ANALYSIS, GERMLINE_CSV), s3.keys(BUCKET));
        assertEquals(first, s3.keys(BUCKET).stream().map(k -> s3.read(BUCKET, k)).toList());
        assertEquals(2, putEvents().size());
    }

    @Test
    void headroomRaisesTheRecommendation() throws IOException {
        invoke(handler(env("HEADROOM", "0.5")), "run-completed.json");

        List<JsonNode> rows = lines(GERMLINE_ANALYSIS);
        assertEquals(0.5, rows.get(0).get("headroom").asDouble());
        // 2.13 x 1.5 -> 4 vCPU, 41.2 x 1.5 -> 62 GiB: still omics.r.2xlarge; 15.9 x 1.5 vCPU no longer fits 16
        assertEquals("omics.r.2xlarge", task(rows, "MarkDuplicates").get("omics_instance_type_minimum").asText());
        assertEquals("omics.c.8xlarge", task(rows, "BwaMem-0-1").get("omics_instance_type_minimum").asText());
    }

    @Test
    void failsWhenEventBridgeDoesNotTakeTheEvent() {
        putEventsAnswers("{\"FailedEntryCount\":1,\"Entries\":[{\"ErrorCode\":\"InternalFailure\","
                + "\"ErrorMessage\":\"Internal service error\"}]}");

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> invoke(handler(env()), "run-completed.json"));

        assertEquals("EventBridge did not take the Run Analysis Completed event for run 7382915 on bus omics-monitor: "
                + "InternalFailure Internal service error", e.getMessage());
    }

    @Test
    void aManifestNotWrittenYetFailsTheInvocationAndWritesNothing() {
        logs.reset();
        putEventsAnswers("{\"FailedEntryCount\":0,\"Entries\":[{\"EventId\":\"" + EVENT_ID + "\"}]}");
        // the run started (GetRun has its startTime): its manifest is only late
        GetRunStub.answer(apis, "8264019", GetRunStub.recorded("8264019"));

        IncompleteManifestException e = assertThrows(IncompleteManifestException.class,
                () -> invoke(handler(env()), "run-cancelled.json"));

        assertTrue(e.getMessage().endsWith("will be retried"), e.getMessage());
        assertEquals(List.of(), s3.keys(BUCKET));
        assertEquals(0, putEvents().size());
        assertEquals(1, GetRunStub.calls(apis, "8264019"));
    }

    /**
     * Issue 12: a run cancelled while PENDING never gets a manifest. GetRun (the real SDK client against the stub) shows
     * no startTime: its run_analysis run row is written from GetRun, with a cost of 0, no CSV and no event, and the
     * invocation succeeds instead of retrying into the dead-letter queue.
     */
    @Test
    void aRunThatNeverStartedIsRecordedFromGetRunAndTheInvocationSucceeds() throws IOException {
        logs.reset();
        putEventsAnswers("{\"FailedEntryCount\":0,\"Entries\":[{\"EventId\":\"" + EVENT_ID + "\"}]}");
        GetRunStub.answer(apis, "8264019", GetRunStub.cancelledBeforeItStarted("8264019"));

        JsonNode result = invoke(handler(env()), "run-cancelled.json");

        String key = "lake/run_analysis/year=2026/month=11/day=22/8264019.json";
        assertEquals(List.of(key), s3.keys(BUCKET), "the run row only: no CSV, no task rows");
        assertEquals("s3://omics-lake/" + key, result.get("analysisObject").asText(), result.toString());
        assertTrue(result.get("csvObject").isNull(), result.toString());
        assertTrue(result.get("analysisEventId").isNull(), result.toString());
        assertTrue(result.get("skipped").asText().startsWith("the run never started (GetRun has no startTime)"),
                result.toString());
        assertEquals(0, putEvents().size(), "nothing was analyzed: no Run Analysis Completed");
        assertEquals(1, GetRunStub.calls(apis, "8264019"));

        List<JsonNode> rows = lines(key);
        assertEquals(1, rows.size());
        JsonNode row = rows.get(0);
        assertEquals("8264019", row.get("run_id").asText());
        assertEquals("run", row.get("type").asText());
        assertEquals("arn:aws:omics:us-west-2:123456789012:run/8264019", row.get("arn").asText());
        assertEquals("7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d", row.get("uuid").asText());
        assertEquals("rnaseq-batch-17", row.get("name").asText());
        assertEquals("CANCELLED", row.get("status").asText());
        assertTrue(row.get("start_time").isNull(), row.toString());
        assertEquals("2026-11-22T07:44:02.300Z", row.get("stop_time").asText());
        assertTrue(row.get("estimated_usd").isNull(), row.toString());
        assertTrue(row.get("cpu_utilization_ratio").isNull(), row.toString());
        assertEquals(0.0, row.get("total_estimated_usd").asDouble());
        assertEquals(0.0, row.get("total_minimum_usd").asDouble());
        assertEquals(0.0, row.get("potential_saving_usd").asDouble());
        assertEquals("us-west-2", row.get("price_region").asText());
        assertEquals("[]", row.get("missing_prices").toString());
        assertEquals(0, row.get("cache_hits").asInt(), "no task ran, none came from the cache");
        assertTrue(row.get("queued_seconds").isNull(), row.toString());
        assertEquals("6390217", row.get("workflow_id").asText());
        assertEquals("arn:aws:sts::123456789012:assumed-role/GenomicsPipeline/analyst", row.get("started_by").asText());
        assertEquals("{\"project\":\"rnaseq-atlas\"}", row.get("tags").toString());
    }

    /** A run GetRun no longer knows: analyzed as before, its tags and user unknown (null), its workflow the event's. */
    @Test
    void aRunGetRunNoLongerKnowsIsAnalyzedWithItsAttributionNull() throws IOException {
        apis.server().stubFor(get(urlEqualTo("/run/9103774")).willReturn(aResponse().withStatus(404)
                .withHeader("x-amzn-ErrorType", "ResourceNotFoundException")
                .withHeader("Content-Type", "application/json").withBody("{\"message\":\"Run not found\"}")));

        invoke(handler(env()), "run-failed.json");

        JsonNode run = lines("lake/run_analysis/year=2026/month=11/day=21/9103774.json").get(0);
        assertEquals(2.166921568875, run.get("total_estimated_usd").asDouble(), 1e-9);
        assertTrue(run.get("tags").isNull(), run.toString());
        assertEquals("arn:aws:sts::123456789012:assumed-role/GenomicsPipeline/scheduler", run.get("started_by").asText(),
                "the manifest's startedBy");
        assertEquals("5829046", run.get("workflow_id").asText(), "the event's workflow id");
        assertEquals(1, putEvents().size());
    }

    @Test
    void skipsARunThatHasNotEnded() {
        JsonNode result = invoke(handler(env()), "run-running.json");

        assertEquals("status RUNNING is not terminal", result.get("skipped").asText());
        assertNull(result.get("analysisObject").textValue());
        assertEquals(List.of(), s3.keys(BUCKET));
        assertEquals(0, putEvents().size());
    }

    @Test
    void pricesFromThePriceListApiAreAskedOncePerEnvironment() throws IOException {
        PriceListStub prices = new PriceListStub(apis);
        prices.price("omics.c.large", "us-west-2", "0.1147500000").price("omics.c.xlarge", "us-west-2", "0.2295000000")
                .price("omics.m.large", "us-west-2", "0.1296000000").price("omics.m.xlarge", "us-west-2", "0.2592000000")
                .price("Dynamic Run Storage", "us-west-2", "0.0004110000").price("Run Storage", "us-west-2", "0.0001918000");
        Map<String, String> env = env();
        env.remove("PRICES_FILE");
        RunAnalyzerHandler handler = handler(env);

        invoke(handler, "run-failed.json");
        invoke(handler, "run-failed.json");

        List<JsonNode> rows = lines("lake/run_analysis/year=2026/month=11/day=21/9103774.json");
        assertEquals(2.166921568875, rows.get(0).get("total_estimated_usd").asDouble(), 1e-9);
        // c.large, c.xlarge, m.large, m.xlarge, Run Storage, Dynamic Run Storage: one request each, for both runs
        assertEquals(6, prices.requests().size());
    }

    @Test
    void refusesAHeadroomOutsideZeroToOne() {
        Env.ConfigurationException e = assertThrows(Env.ConfigurationException.class,
                () -> handler(env("HEADROOM", "10")));

        assertEquals("HEADROOM is '10', expected a fraction from 0 to 1, like 0.1 for 10% above the observed maxima",
                e.getMessage());
    }

    @Test
    void primingForSnapStartSendsNothingAndLeavesTheAnalyzerWorking() {
        ReadyToSend ready = new ReadyToSend();
        AwsClients aws = LocalAws.clients(Map.of("s3", s3.endpoint(), "cloudwatch_logs", apis.endpoint(),
                "pricing", apis.endpoint(), "eventbridge", apis.endpoint(), "omics", apis.endpoint()));
        S3Client lakeClient = aws.s3(ready); // the function's own S3 settings, watched
        RunAnalyzerHandler handler = new RunAnalyzerHandler(new EventReader(NOW),
                new ManifestLogReader(aws.configure(CloudWatchLogsClient.builder()
                        .overrideConfiguration(o -> o.addExecutionInterceptor(ready)), "cloudwatch_logs"),
                        ManifestLogReader.DEFAULT_LOG_GROUP),
                new OmicsRuns(aws.configure(OmicsClient.builder().overrideConfiguration(o -> o.addExecutionInterceptor(ready)),
                        "omics")),
                // the Price List book, so that priming's GetProducts is made (and must not be sent)
                new PriceListPriceBook(aws.configure(PricingClient.builder()
                        .overrideConfiguration(o -> o.addExecutionInterceptor(ready)), "pricing",
                        PriceListPriceBook.PRICE_LIST_REGION)),
                0.0, new DataLake(lakeClient, new LakeLocation(BUCKET, "lake")), lakeClient,
                aws.configure(EventBridgeClient.builder().overrideConfiguration(o -> o.addExecutionInterceptor(ready)),
                        "eventbridge"), "omics-monitor");

        handler.prime();

        assertEquals(List.of("GetLogEvents", "GetRun", "GetProducts", "PutObject", "HeadObject", "PutObject", "PutEvents"),
                ready.operations, "every call of the invocation marshalled and signed");
        assertEquals(List.of(), s3.keys(BUCKET), "priming writes nothing");
        assertEquals(0, apis.server().getAllServeEvents().size(), "priming reads no log, asks no price, puts no event");
        PriceListStub prices = new PriceListStub(apis);
        invoke(handler, "run-completed.json");
        assertEquals(List.of(GERMLINE_ANALYSIS, GERMLINE_CSV), s3.keys(BUCKET));
        assertEquals(1, putEvents().size());
        assertTrue(!prices.requests().isEmpty(), "the prices are asked for on the first invocation, not cached by priming");
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
