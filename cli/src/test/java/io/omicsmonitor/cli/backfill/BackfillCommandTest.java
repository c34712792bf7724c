package io.omicsmonitor.cli.backfill;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.omicsmonitor.local.ApiStub;
import io.omicsmonitor.local.LocalAws;
import io.omicsmonitor.mapper.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Backfill end to end through the real Omics and EventBridge SDK clients against a local stub answering in the real
 * wire shapes: Omics REST-JSON (ListRuns pages, GetRun, ListWorkflows, ListWorkflowVersions, GetWorkflow, errors in
 * {@code x-amzn-ErrorType}) and EventBridge awsJson1.1 (PutEvents with per-entry results).
 */
class BackfillCommandTest {

    static final String ACCOUNT = "123456789012";
    static final Clock NOW = Clock.fixed(Instant.parse("2026-11-24T12:00:00Z"), ZoneOffset.UTC);
    /** Fast backoff for tests: the strategy is the production one, the delays are smaller. */
    static final ClientTuning FAST = new ClientTuning(Duration.ofMillis(2), Duration.ofMillis(20));

    static ApiStub apis;

    @TempDir
    Path dir;

    /** The stubbed account's runs, newest first (ListRuns order), by id. */
    final Map<String, ObjectNode> runs = new java.util.LinkedHashMap<>();

    @BeforeAll
    static void start() {
        apis = new ApiStub();
    }

    @AfterAll
    static void stop() {
        apis.close();
    }

    @BeforeEach
    void account() {
        apis.reset();
        // 25 runs, one a day from 2026-10-01, in three ListRuns pages (10, 10, 5); statuses mixed, two still running
        for (int i = 25; i >= 1; i--) {
            String id = String.valueOf(1000000 + i);
            String status = i == 24 || i == 25 ? "RUNNING" : i % 5 == 0 ? "FAILED" : i % 7 == 0 ? "CANCELLED" : "COMPLETED";
            Instant created = Instant.parse("2026-10-01T08:00:00Z").plus(Duration.ofDays(i - 1));
            ObjectNode run = Json.MAPPER.createObjectNode();
            run.put("arn", "arn:aws:omics:us-west-2:" + ACCOUNT + ":run/" + id);
            run.put("id", id);
            run.put("uuid", UUID.nameUUIDFromBytes(id.getBytes(StandardCharsets.UTF_8)).toString());
            run.put("name", "sample-" + i);
            run.put("status", status);
            run.put("workflowId", i % 2 == 0 ? "4716932" : "5829046");
            run.put("workflowType", "PRIVATE");
            run.put("runOutputUri", "s3://genomics-results-" + ACCOUNT + "/omics-runs/" + id);
            run.put("creationTime", created.toString());
            run.put("startTime", created.plusSeconds(300).toString());
            if (!status.equals("RUNNING")) {
                run.put("stopTime", created.plusSeconds(3 * 3600 + 17).toString());
            }
            runs.put(id, run);
        }
        List<ObjectNode> all = new ArrayList<>(runs.values());
        stubListRunsPage(null, all.subList(0, 10), "page-2");
        stubListRunsPage("page-2", all.subList(10, 20), "page-3");
        stubListRunsPage("page-3", all.subList(20, 25), null);
        runs.values().forEach(run -> stubGetRun(run, okJson(run.toString())));
        stubWorkflows();
        stubPutEventsAcceptingAll();
    }

    // ---------------------------------------------------------------- tests

    @Test
    void replaysEveryFinishedRunAndWorkflowExactlyOnceThroughPagesAndThrottling() throws IOException {
        // ListRuns' second page, GetRun of one run and the first PutEvents entries are throttled before they succeed
        throttleOnce(get(urlPathEqualTo("/run")).withQueryParam("startingToken", equalTo("page-2")), "list-page-2");
        throttleOnce(get(urlEqualTo("/run/1000012")), "get-run-1000012");
        apis.server().stubFor(post(urlEqualTo("/")).inScenario("put").whenScenarioStateIs(Scenario.STARTED)
                .atPriority(1).willReturn(putEventsAnswer("ThrottlingException")).willSetStateTo("open"));

        Result result = backfill();

        assertEquals(0, result.exitCode, result.all());
        Map<String, Integer> accepted = acceptedEntriesByResource();
        List<String> finished = finishedRunArns();
        assertEquals(23, finished.size());
        for (String arn : finished) {
            assertEquals(1, accepted.getOrDefault(arn, 0), "run " + arn + " replayed exactly once");
        }
        assertEquals(0, accepted.getOrDefault(arnOf("1000024"), 0), "a running run is not replayed by default");
        assertEquals(2, accepted.get("arn:aws:omics:us-west-2:" + ACCOUNT + ":workflow/4716932"), "the workflow and its version");
        assertEquals(1, accepted.get("arn:aws:omics:us-west-2::workflow/9500764"), "the READY2RUN workflow");
        assertFalse(accepted.containsKey("arn:aws:omics:us-west-2:" + ACCOUNT + ":workflow/6600001"), "not ACTIVE");
        assertTrue(result.out.contains("replayed: 26 (runs 23, workflows 2, workflow versions 1)"), result.out);
        assertTrue(result.out.contains("skipped:  0"), result.out);
        assertTrue(result.out.contains("failed:   0"), result.out);
        assertTrue(result.err.contains("found 23 runs, 2 workflows, 1 workflow versions"), result.err);
        assertTrue(result.err.contains("23/23") || result.err.contains("26/26"), "a progress line: " + result.err);
        assertEquals(26, checkpointKeys().size());
    }

    @Test
    void putsRealShapedReplayEventsOnTheNamedBus() {
        Result result = backfill("--run-ids", "1000010", "--runs-only", "--event-bus", "omics-bus");

        assertEquals(0, result.exitCode, result.all());
        List<JsonNode> entries = acceptedEntries();
        assertEquals(1, entries.size());
        JsonNode entry = entries.get(0);
        assertEquals("omics-bus", entry.get("EventBusName").asText());
        assertEquals("omics-monitor.replay", entry.get("Source").asText());
        assertEquals("Run Status Change", entry.get("DetailType").asText());
        assertEquals(List.of(arnOf("1000010")), List.of(entry.get("Resources").get(0).asText()));
        ObjectNode run = runs.get("1000010");
        assertEquals(Instant.parse(run.get("stopTime").asText()).getEpochSecond(), entry.get("Time").asLong(),
                "the event's time is the run's stop time");
        String replayId = UUID.nameUUIDFromBytes(("replay:" + arnOf("1000010") + ":FAILED")
                .getBytes(StandardCharsets.UTF_8)).toString();
        assertEquals("{\"omicsVersion\":\"1.0.0\",\"arn\":\"" + arnOf("1000010") + "\",\"status\":\"FAILED\","
                        + "\"uuid\":\"" + run.get("uuid").asText() + "\",\"runId\":\"1000010\",\"runName\":\"sample-10\","
                        + "\"runOutputUri\":\"s3://genomics-results-123456789012/omics-runs/1000010\","
                        + "\"workflowId\":\"4716932\",\"workflowName\":\"germline-wgs-gatk4\",\"replayId\":\"" + replayId + "\"}",
                entry.get("Detail").asText());
    }

    @Test
    void countsFailuresWithTheRunIdAndReasonAndExitsNonZero() throws IOException {
        stubGetRun(runs.get("1000013"), aResponse().withStatus(404).withHeader("x-amzn-ErrorType", "ResourceNotFoundException")
                .withHeader("Content-Type", "application/json").withBody("{\"message\":\"Run 1000013 not found\"}"));
        apis.server().stubFor(get(urlEqualTo("/run/1000016")).atPriority(1).willReturn(throttled()));
        rejectEntriesMentioning("\"runId\":\"1000019\"", "ValidationException", "Detail is malformed");

        Result result = backfill("--runs-only");

        assertEquals(1, result.exitCode, result.all());
        assertTrue(result.out.contains("replayed: 20 (runs 20, workflows 0, workflow versions 0)"), result.out);
        assertTrue(result.out.contains("failed:   3"), result.out);
        assertTrue(result.out.contains("  run 1000013: GetRun failed: ResourceNotFoundException: Run 1000013 not found"), result.out);
        assertTrue(result.out.contains("  run 1000016: GetRun failed: ThrottlingException: Rate exceeded (after 8 attempts)"), result.out);
        assertTrue(result.out.contains("  run 1000019: PutEvents rejected the entry: ValidationException: Detail is malformed"), result.out);
        assertEquals(8, apis.server().countRequestsMatching(getRequestedFor(urlEqualTo("/run/1000016")).build()).getCount(),
                "the SDK retried the throttled call with backoff");
        List<String> done = checkpointKeys();
        assertEquals(20, done.size());
        assertFalse(done.contains(arnOf("1000013") + ":COMPLETED"));
        assertFalse(done.contains(arnOf("1000019") + ":COMPLETED"));
    }

    @Test
    void aRerunSkipsWhatIsDoneAndReplaysWhatFailed() throws IOException {
        stubGetRun(runs.get("1000013"), aResponse().withStatus(500).withHeader("x-amzn-ErrorType", "InternalServerException")
                .withHeader("Content-Type", "application/json").withBody("{\"message\":\"internal error\"}"));
        Result first = backfill("--runs-only");
        assertEquals(1, first.exitCode, first.all());
        assertTrue(first.out.contains("  run 1000013: GetRun failed: InternalServerException"), first.out);

        stubGetRun(runs.get("1000013"), okJson(runs.get("1000013").toString())); // the service recovered
        Result second = backfill("--runs-only");

        assertEquals(0, second.exitCode, second.all());
        assertTrue(second.out.contains("replayed: 1 (runs 1,"), second.out);
        assertTrue(second.out.contains("skipped:  22"), second.out);
        Map<String, Integer> accepted = acceptedEntriesByResource();
        for (String arn : finishedRunArns()) {
            assertEquals(1, accepted.getOrDefault(arn, 0), "over both backfills, run " + arn + " replayed exactly once");
        }
    }

    @Test
    void aBackfillStoppedByItsLimitContinuesWhereItStopped() {
        Result first = backfill("--runs-only", "--limit", "7");
        assertTrue(first.out.contains("replayed: 7 (runs 7,"), first.out);

        Result second = backfill("--runs-only");

        assertEquals(0, second.exitCode, second.all());
        assertTrue(second.out.contains("replayed: 16 (runs 16,"), second.out);
        assertTrue(second.out.contains("skipped:  7"), second.out);
        Map<String, Integer> accepted = acceptedEntriesByResource();
        assertEquals(23, accepted.size());
        assertTrue(accepted.values().stream().allMatch(n -> n == 1), accepted.toString());
    }

    @Test
    void aDryRunListsWhatWouldBeReplayedAndSendsNothing() {
        Result result = backfill("--status", "FAILED", "--dry-run");

        assertEquals(0, result.exitCode, result.all());
        assertEquals(0, apis.server().countRequestsMatching(postRequestedFor(urlEqualTo("/")).build()).getCount(), "no PutEvents");
        assertEquals(0, apis.server().countRequestsMatching(getRequestedFor(urlPathMatching("/run/.+")).build()).getCount(), "no GetRun");
        assertFalse(Files.exists(dir.resolve("checkpoint.json")));
        assertEquals(List.of("1000020", "1000015", "1000010", "1000005"), listedRunIds(result.out));
        assertTrue(result.out.contains("would replay  run 1000020       FAILED     2026-10-20T11:00:17Z   sample-20"), result.out);
        assertTrue(result.out.contains("dry run: 7 would be replayed, 0 already done; nothing was sent"), result.out);
        assertEquals(3, apis.server().countRequestsMatching(getRequestedFor(urlPathEqualTo("/run")).build()).getCount(),
                "every ListRuns page");
        assertEquals(3, apis.server().countRequestsMatching(getRequestedFor(urlPathEqualTo("/run"))
                .withQueryParam("status", equalTo("FAILED")).build()).getCount(), "one status: ListRuns filters it");
    }

    @Test
    void filtersByCreationDatesStatusesWorkflowAndLimit() {
        assertEquals(List.of("1000023", "1000022", "1000021", "1000020"),
                listedRunIds(backfill("--runs-only", "--dry-run", "--since", "2026-10-20").out));
        assertEquals(List.of("1000003", "1000002", "1000001"),
                listedRunIds(backfill("--runs-only", "--dry-run", "--until", "2026-10-03").out), "--until includes its day");
        assertEquals(List.of("1000012", "1000011"), listedRunIds(backfill("--runs-only", "--dry-run",
                "--since", "2026-10-11T00:00:00Z", "--until", "2026-10-12T08:00:01Z").out));
        assertEquals(List.of("1000015", "1000014", "1000010", "1000007", "1000005"), listedRunIds(backfill("--runs-only", "--dry-run",
                "--status", "cancelled,FAILED", "--until", "2026-10-15").out));
        assertEquals(List.of("1000025", "1000024"), listedRunIds(backfill("--runs-only", "--dry-run", "--status", "RUNNING").out));
        assertEquals(List.of("1000022", "1000020", "1000018"), listedRunIds(backfill("--runs-only", "--dry-run",
                "--workflow-id", "4716932", "--limit", "3").out));
        assertEquals(List.of("1000003"), listedRunIds(backfill("--runs-only", "--dry-run", "--run-ids", "1000003,1000024").out),
                "a listed run id still has to match the status filter");
        assertEquals(List.of(), listedRunIds(backfill("--workflows-only", "--dry-run").out));
    }

    @Test
    void aBadDateIsAClearUsageError() {
        Result result = backfill("--since", "20/11/2026");

        assertEquals(2, result.exitCode);
        assertTrue(result.err.contains("'20/11/2026' is not a date: use 2026-11-20 (a whole day, UTC), 2026-11-20T12:00:00Z"),
                result.err);
        assertEquals(0, apis.server().getAllServeEvents().size(), "nothing was called");
    }

    @Test
    void otherUsageErrorsNameWhatToDo() {
        assertTrue(backfill("--status", "DONE").err.contains("--status 'DONE' is not a run status"));
        assertTrue(backfill("--in-process").err.contains("--in-process needs --lake-bucket"));
        assertTrue(backfill("--since", "2026-11-02", "--until", "2026-11-01").err.contains("is not before --until"));
        Result noRegion = run(new BackfillCommand(env -> LocalAws.clients(Map.of("*", apis.endpoint())), Map.of(), NOW,
                FAST, InProcessTarget::projectStack, false), "--dry-run");
        assertEquals(2, noRegion.exitCode);
        assertTrue(noRegion.err.contains("no AWS region: pass --region"), noRegion.err);
    }

    @Test
    void putsReplaysOnlyOnTheStacksOwnBus() {
        Result none = run(new BackfillCommand(env -> LocalAws.clients(Map.of("*", apis.endpoint())),
                Map.of("AWS_REGION", "us-west-2"), NOW, FAST, InProcessTarget::projectStack, false), "--runs-only",
                "--checkpoint", dir.resolve("checkpoint.json").toString());
        assertEquals(2, none.exitCode, none.all());
        assertTrue(none.err.contains("putting replays on EventBridge needs --event-bus: the stack's own bus (the stack "
                + "output EventBusName); put them as the stack's backfill role (the stack output BackfillRoleArn)"), none.err);

        for (String bus : List.of("default", "arn:aws:events:us-west-2:123456789012:event-bus/default")) {
            Result result = backfill("--runs-only", "--event-bus", bus);
            assertEquals(2, result.exitCode, result.all());
            assertTrue(result.err.contains("--event-bus default: the stack's rules on the default bus take only "
                    + "HealthOmics' own events (source aws.omics, this account)"), result.err);
        }
        assertEquals(0, apis.server().getAllServeEvents().size(), "nothing was called");
    }

    @Test
    void aMissingEventBusStopsTheBackfillWithWhatToDo() {
        apis.server().stubFor(post(urlEqualTo("/")).atPriority(1).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/x-amz-json-1.1")
                .withBody("{\"__type\":\"ResourceNotFoundException\",\"message\":\"Event bus nope does not exist.\"}")));

        Result result = backfill("--runs-only", "--event-bus", "nope");

        assertEquals(2, result.exitCode, result.all());
        assertTrue(result.err.contains("the event bus 'nope' does not exist in this account and region: pass --event-bus"),
                result.err);
        assertTrue(apis.server().countRequestsMatching(postRequestedFor(urlEqualTo("/")).build()).getCount() <= 4,
                "stopped at once instead of failing every batch");
    }

    // ---------------------------------------------------------------- running the command

    record Result(int exitCode, String out, String err) {
        String all() {
            return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    /** The stack's own bus, as the stack output EventBusName names it. */
    static final String STACK_BUS = "omics-monitor-omics-monitor";

    Result backfill(String... args) {
        BackfillCommand command = new BackfillCommand(env -> LocalAws.clients(Map.of("*", apis.endpoint())),
                Map.of("AWS_REGION", "us-west-2"), NOW, FAST, InProcessTarget::projectStack, false);
        List<String> all = new ArrayList<>(Arrays.asList(args));
        if (!all.contains("--event-bus") && !all.contains("--in-process")) {
            all.addAll(List.of("--event-bus", STACK_BUS));
        }
        all.addAll(List.of("--checkpoint", dir.resolve("checkpoint.json").toString(), "--rate", "200"));
        return run(command, all.toArray(String[]::new));
    }

    static Result run(BackfillCommand command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    List<String> checkpointKeys() throws IOException {
        List<String> keys = new ArrayList<>();
        Json.MAPPER.readTree(dir.resolve("checkpoint.json").toFile()).get("done").forEach(k -> keys.add(k.asText()));
        return keys;
    }

    static List<String> listedRunIds(String out) {
        return out.lines().filter(l -> l.startsWith("would replay  run ") || l.startsWith("already done  run "))
                .map(l -> l.substring(18).trim().split("\\s+")[0]).collect(Collectors.toList());
    }

    List<String> finishedRunArns() {
        return runs.values().stream().filter(r -> !r.get("status").asText().equals("RUNNING"))
                .map(r -> r.get("arn").asText()).collect(Collectors.toList());
    }

    static String arnOf(String runId) {
        return "arn:aws:omics:us-west-2:" + ACCOUNT + ":run/" + runId;
    }

    // ---------------------------------------------------------------- what EventBridge accepted

    /** Every entry the stub answered with an EventId, paired by position with the request's entries. */
    static List<JsonNode> acceptedEntries() {
        List<JsonNode> accepted = new ArrayList<>();
        for (ServeEvent served : apis.server().getAllServeEvents()) {
            if (!"AWSEvents.PutEvents".equals(served.getRequest().getHeader("X-Amz-Target"))
                    || served.getResponse().getStatus() != 200) {
                continue;
            }
            try {
                JsonNode request = Json.MAPPER.readTree(served.getRequest().getBodyAsString());
                JsonNode response = Json.MAPPER.readTree(served.getResponse().getBodyAsString());
                for (int i = 0; i < request.get("Entries").size(); i++) {
                    if (response.get("Entries").get(i).hasNonNull("EventId")) {
                        accepted.add(request.get("Entries").get(i));
                    }
                }
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
        return accepted;
    }

    /** Accepted entries by resource ARN (a workflow version's event names its workflow). */
    static Map<String, Integer> acceptedEntriesByResource() {
        Map<String, Integer> counts = new TreeMap<>();
        acceptedEntries().forEach(e -> counts.merge(e.get("Resources").get(0).asText(), 1, Integer::sum));
        return counts;
    }

    // ---------------------------------------------------------------- stubs in the services' wire shapes

    void stubListRunsPage(String token, List<ObjectNode> page, String next) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode items = body.putArray("items");
        for (ObjectNode run : page) {
            ObjectNode item = items.addObject();
            for (String field : List.of("arn", "id", "status", "workflowId", "name", "creationTime", "startTime", "stopTime")) {
                if (run.has(field)) {
                    item.set(field, run.get(field));
                }
            }
            item.put("priority", 100).put("storageType", "DYNAMIC");
        }
        if (next != null) {
            body.put("nextToken", next);
        }
        apis.server().stubFor(get(urlPathEqualTo("/run"))
                .withQueryParam("maxResults", equalTo("100"))
                .withQueryParam("startingToken", token == null ? absent() : equalTo(token))
                .willReturn(okJson(body.toString())));
        // one status: ListRuns filters on the service side
        for (String status : List.of("COMPLETED", "FAILED", "CANCELLED", "RUNNING")) {
            ObjectNode filtered = body.deepCopy();
            ArrayNode kept = filtered.putArray("items");
            body.get("items").forEach(i -> {
                if (i.get("status").asText().equals(status)) {
                    kept.add(i);
                }
            });
            apis.server().stubFor(get(urlPathEqualTo("/run")).atPriority(2)
                    .withQueryParam("status", equalTo(status))
                    .withQueryParam("startingToken", token == null ? absent() : equalTo(token))
                    .willReturn(okJson(filtered.toString())));
        }
    }

    void stubGetRun(ObjectNode run, ResponseDefinitionBuilder answer) {
        apis.server().stubFor(get(urlEqualTo("/run/" + run.get("id").asText())).willReturn(answer));
    }

    void stubWorkflows() {
        String arn = "arn:aws:omics:us-west-2:" + ACCOUNT + ":workflow/";
        apis.server().stubFor(get(urlPathEqualTo("/workflow")).withQueryParam("type", equalTo("PRIVATE"))
                .willReturn(okJson("{\"items\":["
                        + "{\"arn\":\"" + arn + "4716932\",\"id\":\"4716932\",\"name\":\"germline-wgs-gatk4\",\"status\":\"ACTIVE\","
                        + "\"type\":\"PRIVATE\",\"creationTime\":\"2026-09-18T16:02:11Z\"},"
                        + "{\"arn\":\"" + arn + "6600001\",\"id\":\"6600001\",\"name\":\"broken\",\"status\":\"FAILED\","
                        + "\"type\":\"PRIVATE\",\"creationTime\":\"2026-09-19T16:02:11Z\"}]}")));
        apis.server().stubFor(get(urlPathEqualTo("/workflow")).withQueryParam("type", equalTo("READY2RUN"))
                .willReturn(okJson("{\"items\":[{\"arn\":\"arn:aws:omics:us-west-2::workflow/9500764\",\"id\":\"9500764\","
                        + "\"name\":\"ready2run-gatk\",\"status\":\"ACTIVE\",\"type\":\"READY2RUN\","
                        + "\"creationTime\":\"2025-01-10T00:00:00Z\"}]}")));
        apis.server().stubFor(get(urlPathEqualTo("/workflow/4716932/version")).willReturn(okJson("{\"items\":["
                + "{\"arn\":\"" + arn + "4716932/version/v2.1.0\",\"workflowId\":\"4716932\",\"versionName\":\"v2.1.0\","
                + "\"status\":\"ACTIVE\",\"type\":\"PRIVATE\",\"creationTime\":\"2026-11-19T10:44:39Z\"},"
                + "{\"arn\":\"" + arn + "4716932/version/v0\",\"workflowId\":\"4716932\",\"versionName\":\"v0\","
                + "\"status\":\"DELETED\",\"type\":\"PRIVATE\",\"creationTime\":\"2026-09-19T10:44:39Z\"}]}")));
        apis.server().stubFor(get(urlPathEqualTo("/workflow/9500764/version")).willReturn(okJson("{\"items\":[]}")));
        apis.server().stubFor(get(urlPathEqualTo("/workflow/4716932")).willReturn(okJson(
                "{\"arn\":\"" + arn + "4716932\",\"id\":\"4716932\",\"name\":\"germline-wgs-gatk4\",\"status\":\"ACTIVE\"}")));
        apis.server().stubFor(get(urlPathEqualTo("/workflow/5829046")).willReturn(okJson(
                "{\"arn\":\"" + arn + "5829046\",\"id\":\"5829046\",\"name\":\"somatic-mutect2\",\"status\":\"ACTIVE\"}")));
    }

    /** PutEvents answering each entry: an EventId, or the given error code for every entry. */
    static ResponseDefinitionBuilder putEventsAnswer(String errorCode) {
        String entry = errorCode == null
                ? "{\"EventId\":\"{{randomValue type='UUID'}}\"}"
                : "{\"ErrorCode\":\"" + errorCode + "\",\"ErrorMessage\":\"injected\"}";
        return aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1")
                .withTransformers("response-template")
                .withBody("{\"FailedEntryCount\":" + (errorCode == null ? "0" : "{{size (jsonPath request.body '$.Entries')}}")
                        + ",\"Entries\":[{{#each (jsonPath request.body '$.Entries') as |e|}}" + entry
                        + "{{#unless @last}},{{/unless}}{{/each}}]}");
    }

    static void stubPutEventsAcceptingAll() {
        apis.server().stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AWSEvents.PutEvents"))
                .willReturn(putEventsAnswer(null)));
    }

    /** PutEvents rejecting, for good, the entries whose Detail contains {@code text}; accepting the others. */
    static void rejectEntriesMentioning(String text, String code, String message) {
        apis.server().stubFor(post(urlEqualTo("/")).atPriority(1).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/x-amz-json-1.1").withTransformers("response-template")
                .withBody("{\"FailedEntryCount\":1,\"Entries\":[{{#each (jsonPath request.body '$.Entries') as |e|}}"
                        + "{{#if (contains e.Detail '" + text + "')}}{\"ErrorCode\":\"" + code
                        + "\",\"ErrorMessage\":\"" + message + "\"}{{else}}{\"EventId\":\"{{randomValue type='UUID'}}\"}{{/if}}"
                        + "{{#unless @last}},{{/unless}}{{/each}}]}")));
    }

    static ResponseDefinitionBuilder throttled() {
        return aResponse().withStatus(400).withHeader("x-amzn-ErrorType", "ThrottlingException")
                .withHeader("Content-Type", "application/json")
                .withBody("{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}");
    }

    /** The first matching request is throttled (HTTP 400 ThrottlingException); later ones reach the normal stub. */
    static void throttleOnce(com.github.tomakehurst.wiremock.client.MappingBuilder request, String scenario) {
        apis.server().stubFor(request.inScenario(scenario).whenScenarioStateIs(Scenario.STARTED).atPriority(1)
                .willReturn(throttled()).willSetStateTo("passed"));
    }

    static Map<String, String> env(String... kv) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            map.put(kv[i], kv[i + 1]);
        }
        return map;
    }
}
