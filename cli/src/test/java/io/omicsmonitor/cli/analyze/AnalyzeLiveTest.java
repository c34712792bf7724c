package io.omicsmonitor.cli.analyze;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omicsmonitor.cli.CommandRun;
import io.omicsmonitor.cli.OmicsMonitor;
import io.omicsmonitor.common.log.Log;
import io.omicsmonitor.local.ApiStub;
import io.omicsmonitor.local.GetRunStub;
import io.omicsmonitor.local.LocalAws;
import io.omicsmonitor.local.ManifestLogsStub;
import io.omicsmonitor.local.PriceListStub;
import io.omicsmonitor.local.SampleEvents;
import io.omicsmonitor.mapper.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code analyze} on runs of an account: the real Omics, CloudWatch Logs and Price List clients against stubs that
 * answer in the services' JSON (GetRun and ListRuns, the recorded manifests as log streams, GetProducts and
 * DescribeServices). The recorded runs: 7382915 (WDL, COMPLETED 2026-11-20T11:42Z), 9103774 (WDL, FAILED
 * 2026-11-21T14:27Z) and 8264019 (Nextflow, CANCELLED 2026-11-22T09:14Z). Now is 2026-11-22T12:00Z.
 */
class AnalyzeLiveTest {

    static final Clock NOW = Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC);
    static final Map<String, String> UUIDS = Map.of("7382915", "5f2b8a1e-3c4d-4e6f-9a7b-1c2d3e4f5a6b",
            "9103774", "9e8d7c6b-5a49-4838-9271-6a5b4c3d2e1f", "8264019", "7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d");
    static ApiStub apis;
    ManifestLogsStub logs;
    PriceListStub prices;
    final List<String> regionsAsked = new ArrayList<>();
    Map<String, String> env = new HashMap<>(Map.of("AWS_REGION", "us-west-2"));

    @BeforeAll
    static void start() {
        apis = new ApiStub();
    }

    @AfterAll
    static void stop() {
        apis.close();
    }

    @BeforeEach
    void stub() throws IOException {
        apis.reset();
        logs = new ManifestLogsStub(apis);
        prices = new PriceListStub(apis);
        // the Price List answers the analyzer's bundled us-west-2 prices: the live analysis must equal the offline one
        JsonNode bundled = Json.MAPPER.readTree(AnalyzeLiveTest.class.getResourceAsStream(
                "/io/omicsmonitor/analyzer/default-prices.json")).path("regions").path("us-west-2");
        bundled.properties().forEach(p -> {
            if (p.getValue().isNumber()) {
                prices.price(p.getKey(), "us-west-2", p.getValue().decimalValue().toPlainString());
            }
        });
        apis.server().stubFor(get(urlPathEqualTo("/run/1234567")).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json").withHeader("x-amzn-ErrorType", "ResourceNotFoundException")
                .withBody("{\"message\":\"The requested run was not found\"}")));
        for (String runId : UUIDS.keySet()) {
            GetRunStub.answer(apis, runId, GetRunStub.recorded(runId));
            logs.recordedStream(runId, UUIDS.get(runId), 7);
        }
        listRuns();
    }

    /** ListRuns, one status a call as the service filters: COMPLETED over two pages, a run cancelled while PENDING. */
    void listRuns() throws IOException {
        ArrayNode completed = items("7382915");
        ObjectNode old = completed.addObject(); // page 2: a run that ended long before the windows asked
        old.put("arn", "arn:aws:omics:us-west-2:123456789012:run/7000001").put("id", "7000001").put("status", "COMPLETED")
                .put("name", "old").put("creationTime", "2026-10-01T08:00:00Z").put("startTime", "2026-10-01T08:10:00Z")
                .put("stopTime", "2026-10-01T09:00:00Z");
        ArrayNode cancelled = items("8264019");
        cancelled.addObject().put("arn", "arn:aws:omics:us-west-2:123456789012:run/8300000").put("id", "8300000")
                .put("status", "CANCELLED").put("name", "never-ran").put("creationTime", "2026-11-22T10:00:00Z")
                .put("stopTime", "2026-11-22T10:04:00Z"); // no startTime: HealthOmics writes it no manifest
        ArrayNode page1 = Json.MAPPER.createArrayNode().add(completed.get(0));
        ArrayNode page2 = Json.MAPPER.createArrayNode().add(completed.get(1));
        listPage("COMPLETED", null, page1, "cGFnZS0y");
        listPage("COMPLETED", "cGFnZS0y", page2, null);
        listPage("FAILED", null, items("9103774"), null);
        listPage("CANCELLED", null, cancelled, null);
    }

    static ArrayNode items(String runId) throws IOException {
        JsonNode run = Json.MAPPER.readTree(GetRunStub.recorded(runId));
        ArrayNode items = Json.MAPPER.createArrayNode();
        ObjectNode item = items.addObject();
        for (String field : List.of("arn", "id", "status", "workflowId", "name", "priority", "storageType",
                "creationTime", "startTime", "stopTime", "workflowVersionName")) {
            if (run.has(field)) {
                item.set(field, run.get(field));
            }
        }
        return items;
    }

    static void listPage(String status, String token, ArrayNode items, String next) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.set("items", items);
        if (next != null) {
            body.put("nextToken", next);
        }
        apis.server().stubFor(get(urlPathEqualTo("/run")).withQueryParam("status", equalTo(status))
                .withQueryParam("startingToken", token == null ? absent() : equalTo(token))
                .willReturn(okJson(body.toString())));
    }

    CommandRun analyze(String... args) {
        AnalyzeCommand command = new AnalyzeCommand((region, profile, endpoints) -> {
            regionsAsked.add(region.id());
            return LocalAws.clients(Map.of("*", apis.endpoint()));
        }, env, NOW);
        CommandLine cli = new CommandLine(command);
        cli.setExecutionExceptionHandler(OmicsMonitor.commandLine().getExecutionExceptionHandler());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new CommandRun(code, out.toString(), err.toString());
    }

    static String recordedManifest(String runId) {
        return SampleEvents.path("recorded/logs/manifest-run-" + runId + ".ndjson").toString();
    }

    @Test
    void aRunOfTheAccountIsItsManifestFromTheLogsPricedByThePriceListApi() throws IOException {
        CommandRun run = analyze("9103774");

        assertEquals(0, run.exitCode(), run.err());
        assertEquals("", run.err());
        // the same CSV, byte for byte, as the saved manifest with the same prices offline
        assertEquals(CommandRun.of("analyze", "--manifest", recordedManifest("9103774")).out(), run.out());
        List<String> lines = run.out().lines().toList();
        assertEquals(14, lines.size(), "header, run, 12 tasks");
        assertTrue(lines.get(1).startsWith("9e8d7c6b-5a49-4838-9271-6a5b4c3d2e1f,arn:aws:omics:us-west-2:123456789012:"
                + "run/9103774,run,HG002-somatic-tumor-normal,2026-11-21T13:07:12.480Z,"), lines.get(1));
        assertTrue(lines.get(2).startsWith("105d786f-5032-4a1b-8c81-f95ac582ad31,arn:aws:omics:us-west-2:123456789012:"
                + "task/4804037,task,SplitIntervals,"), lines.get(2));

        // the exact manifest stream (GetRun gave the uuid), every page of it
        JsonNode first = Json.MAPPER.readTree(logs.getLogEventsRequests().get(0).getBodyAsString());
        assertEquals("/aws/omics/WorkflowLog", first.get("logGroupName").asText());
        assertEquals("manifest/run/9103774/9e8d7c6b-5a49-4838-9271-6a5b4c3d2e1f", first.get("logStreamName").asText());
        assertEquals(3, logs.getLogEventsRequests().size(), "13 records, 7 a page: two pages and the end");
        // Price List: DescribeServices first, then each resource type once
        assertEquals(1, prices.describeServicesRequests().size());
        List<String> asked = prices.requests().stream().map(r -> {
            try {
                JsonNode filters = Json.MAPPER.readTree(r.getBodyAsString()).get("Filters");
                return filters.get(0).get("Value").asText() + "@" + filters.get(1).get("Value").asText();
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }).sorted().toList();
        assertEquals(asked.stream().distinct().toList(), asked, "each price asked once");
        assertTrue(asked.contains("Dynamic Run Storage@us-west-2"), asked.toString());
        assertEquals(List.of("us-west-2"), regionsAsked);
    }

    @Test
    void aRunIsNamedByItsIdItsIdAndUuidOrItsArn() {
        String byId = analyze("9103774").out();

        assertEquals(byId, analyze("9103774:9e8d7c6b-5a49-4838-9271-6a5b4c3d2e1f").out());
        env.remove("AWS_REGION"); // the ARN's region is the one asked
        assertEquals(byId, analyze("arn:aws:omics:us-west-2:123456789012:run/9103774").out());
        assertEquals(List.of("us-west-2", "us-west-2", "us-west-2"), regionsAsked);
    }

    @Test
    void wrongRunNamesSayWhatIsWrong() {
        assertEquals(new CommandRun(2, "", "analyze: run 1234567 does not exist in us-west-2 (omics:GetRun failed: "
                + "ResourceNotFoundException: The requested run was not found); check the id, and --region\n"),
                analyze("1234567"));
        assertEquals(new CommandRun(2, "", "analyze: run 9103774 has the uuid 9e8d7c6b-5a49-4838-9271-6a5b4c3d2e1f, not "
                + "00000000-0000-0000-0000-000000000000: the id was reused? give the id alone to analyze the run that has "
                + "it now\n"), analyze("9103774:00000000-0000-0000-0000-000000000000"));
        assertEquals(new CommandRun(2, "", "analyze: 'run-9103774' is not a run: give a run id (1234567), an id and its "
                + "uuid (1234567:0a1b2c3d-4e5f-6789-abcd-ef0123456789) or a run ARN "
                + "(arn:aws:omics:us-west-2:123456789012:run/1234567)\n"), analyze("run-9103774"));
        assertEquals(new CommandRun(2, "", "analyze: the run ARN names eu-west-1 but the region is us-west-2 (--region, "
                + "AWS_REGION or the profile): pass --region eu-west-1\n"),
                analyze("arn:aws:omics:eu-west-1:123456789012:run/9103774"));
    }

    @Test
    void aRunStillRunningHasNoManifestYet() throws IOException {
        ObjectNode running = (ObjectNode) Json.MAPPER.readTree(GetRunStub.recorded("9103774"));
        running.put("status", "RUNNING").remove("stopTime");
        GetRunStub.answer(apis, "9103774", running.toString());

        assertEquals(new CommandRun(2, "", "analyze: run 9103774 is RUNNING: HealthOmics writes a run's manifest after the "
                + "run ends; analyze it then\n"), analyze("9103774"));
        assertEquals(0, logs.getLogEventsRequests().size());
    }

    @Test
    void aRunWhoseManifestStreamIsAbsentIsNamed(@TempDir Path dir) {
        logs.reset(); // no log streams at all (and no other stub)
        GetRunStub.answer(apis, "7382915", GetRunStub.recorded("7382915"));
        new PriceListStub(apis);

        Path out = dir.resolve("run.csv");
        assertEquals(new CommandRun(2, "", "analyze: run 7382915 (COMPLETED at 2026-11-20T11:42:09.871Z) has no complete "
                + "manifest in log stream /aws/omics/WorkflowLog:manifest/run/7382915/5f2b8a1e-3c4d-4e6f-9a7b-1c2d3e4f5a6b: "
                + "HealthOmics writes it a few minutes after the run ends, and it is gone once the log group's retention "
                + "has passed\n"), analyze("7382915", "--out", out.toString()));
        assertFalse(Files.exists(out), "nothing written");
    }

    @Test
    void timeListsTheRunsThatFinishedWithinItAsUpstreamDoes() {
        CommandRun run = analyze("--time", "1d");

        assertEquals(new CommandRun(0, "Workflow run IDs (<completionTime> <UUID>):\n"
                + "9103774 (2026-11-21T14:27:41Z 9e8d7c6b-5a49-4838-9271-6a5b4c3d2e1f)\n"
                + "8264019 (2026-11-22T09:14:58Z 7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d)\n", ""), run);
        // every page of each status: COMPLETED's second page too
        assertEquals(1, apis.server().findAll(getRequestedFor(urlPathEqualTo("/run"))
                .withQueryParam("status", equalTo("COMPLETED")).withQueryParam("startingToken", equalTo("cGFnZS0y"))).size());
        assertEquals("Workflow run IDs (<completionTime> <UUID>):\n"
                + "7382915 (2026-11-20T11:42:09Z 5f2b8a1e-3c4d-4e6f-9a7b-1c2d3e4f5a6b)\n"
                + "9103774 (2026-11-21T14:27:41Z 9e8d7c6b-5a49-4838-9271-6a5b4c3d2e1f)\n"
                + "8264019 (2026-11-22T09:14:58Z 7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d)\n", analyze("--time", "3days").out());
        assertEquals(new CommandRun(2, "", "analyze: no run finished (COMPLETED, FAILED or CANCELLED) in us-west-2 within "
                + "the last 90m\n"), analyze("--time", "90m"));
        assertEquals(new CommandRun(2, "", "analyze: --time '1 fortnight' is not an interval: give a number and a unit, m "
                + "(minutes), h (hours), d (days) or w (weeks), e.g. --time 1d, --time 12h, --time 2w\n"),
                analyze("--time", "1 fortnight"));
    }

    @Test
    void batchAggregatesTheRunsOfOneEngineAndRefusesMixedOnes() {
        CommandRun mixed = analyze("--time", "1d", "--batch");

        assertEquals(new CommandRun(2, "", "analyze: --batch aggregates runs of one engine, and these are of 2 (run 9103774 "
                + "WDL, run 8264019 NEXTFLOW): analyze each engine's runs in a batch of their own\n"), mixed);

        CommandRun wdl = analyze("--batch", "7382915", "9103774");
        assertEquals(0, wdl.exitCode(), wdl.err());
        assertEquals(CommandRun.of("analyze", "--batch", "--manifest", recordedManifest("7382915"), "--manifest",
                recordedManifest("9103774")).out(), wdl.out());
        assertTrue(wdl.out().startsWith("type,name,count,meanRunningSeconds,"), wdl.out());
        assertEquals(new CommandRun(2, "", "analyze: --batch aggregates runs of one engine, and these are of 2 ("
                + recordedManifest("7382915") + " WDL, " + recordedManifest("8264019") + " NEXTFLOW): analyze each "
                + "engine's runs in a batch of their own\n"),
                CommandRun.of("analyze", "--batch", "--manifest", recordedManifest("7382915"), "--manifest",
                        recordedManifest("8264019")));
    }

    @Test
    void showPrintsTheManifestRecordsAsHealthOmicsWroteThem() throws IOException {
        CommandRun run = analyze("9103774", "--show");

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("[\n  {\n    \"arn\": \""), run.out().substring(0, 40));
        List<JsonNode> expected = new ArrayList<>();
        for (String line : ManifestLogsStub.recorded("9103774")) {
            expected.add(Json.MAPPER.readTree(line));
        }
        expected.sort(Comparator.comparing(r -> r.path("creationTime").asText("1970-01-01")));
        assertEquals(expected, List.of(Json.MAPPER.readValue(run.out(), JsonNode[].class)));
        assertEquals(0, prices.requests().size() + prices.describeServicesRequests().size(), "no prices needed");
        assertEquals(new CommandRun(2, "", "analyze: --show prints the manifest of a run of the account (give its id); "
                + "a saved manifest is that already\n"), analyze("--show", "--manifest", recordedManifest("9103774")));
    }

    @Test
    void outWritesTheFileAndSaysWhere(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("run-9103774.csv");
        Files.writeString(file, "an older analysis");

        CommandRun run = analyze("9103774", "--out", file.toString());

        assertEquals(new CommandRun(0, "", "analyze: wrote " + file + "\n"), run);
        assertEquals(analyze("9103774").out(), Files.readString(file, StandardCharsets.UTF_8));
        try (var listing = Files.list(dir)) {
            assertEquals(List.of(file), listing.toList(), "no temporary file left");
        }
    }

    @Test
    void aPriceListWithoutHealthOmicsIsAnError() {
        prices.withoutHealthOmics();

        assertEquals(new CommandRun(2, "", "analyze: the AWS Price List API does not list the service AmazonOmics "
                + "(DescribeServices answered 0 services): no HealthOmics prices; give --prices FILE to price offline\n"),
                analyze("9103774"));
        assertEquals(0, prices.requests().size());
    }

    @Test
    void theLibrariesLogLinesStayOutOfTheOutput() {
        apis.reset(); // prices for nothing: PriceListPriceBook logs a WARN line for each type, which Lambda would keep
        logs = new ManifestLogsStub(apis).recordedStream("9103774", UUIDS.get("9103774"), 7);
        GetRunStub.answer(apis, "9103774", GetRunStub.recorded("9103774"));
        new PriceListStub(apis);
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        CommandRun run;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            Log.redirect(System.out);
            run = analyze("9103774");
        } finally {
            System.setOut(stdout);
            Log.redirect(stdout);
        }

        assertEquals("", captured.toString(StandardCharsets.UTF_8));
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("uuid,arn,type,"), run.out());
        assertEquals("warning: no price for Dynamic Run Storage, Run Storage, omics.c.large, omics.c.xlarge, "
                + "omics.m.large, omics.m.xlarge in us-west-2: those costs are blank and the totals leave them out (give --prices FILE with them)\n",
                run.err());
    }

    @Test
    void aRefusedCallSaysWhichAndWhatTheCredentialsNeed() {
        apis.server().stubFor(get(urlPathEqualTo("/run")).atPriority(1).willReturn(aResponse().withStatus(403)
                .withHeader("Content-Type", "application/json").withHeader("x-amzn-ErrorType", "AccessDeniedException")
                .withBody("{\"message\":\"User: arn:aws:iam::123456789012:user/jdoe is not authorized to perform: "
                        + "omics:ListRuns\"}")));

        assertEquals(new CommandRun(2, "", "analyze: omics:ListRuns (status COMPLETED) failed: AccessDeniedException: User: "
                + "arn:aws:iam::123456789012:user/jdoe is not authorized to perform: omics:ListRuns; the credentials need "
                + "omics:GetRun, omics:ListRuns, logs:GetLogEvents, logs:DescribeLogStreams, pricing:GetProducts and "
                + "pricing:DescribeServices\n"), analyze("--time", "1d"));
    }

    @Test
    void aPriceBookFileOverridesThePriceListApi() {
        String book = AnalyzeCommandTest.PRICES; // us-east-1 only: the run's us-west-2 costs are blank

        CommandRun run = analyze("9103774", "--prices", book);

        assertEquals(0, run.exitCode(), run.err());
        assertEquals(0, prices.requests().size() + prices.describeServicesRequests().size());
        assertTrue(run.err().startsWith("warning: no price for "), run.err());
    }

    @Test
    void savedManifestsArePricedOfflineUnlessPriceListIsAsked() {
        String offline = CommandRun.of("analyze", "--manifest", recordedManifest("9103774")).out();

        CommandRun live = analyze("--manifest", recordedManifest("9103774"), "--price-list");

        assertEquals(new CommandRun(0, offline, ""), live);
        assertEquals(1, prices.describeServicesRequests().size());
        env.remove("AWS_REGION"); // the Price List API is in us-east-1 whatever the region: none is needed
        assertEquals(new CommandRun(0, offline, ""), analyze("--manifest", recordedManifest("9103774"), "--price-list"));
        assertEquals(List.of("us-west-2", "us-east-1"), regionsAsked);
        assertEquals(new CommandRun(2, "", "analyze: no AWS region: pass --region (e.g. --region us-west-2) or set "
                + "AWS_REGION\n"), analyze("9103774"));
        assertFalse(prices.requests().isEmpty());
        assertEquals(new CommandRun(2, "", "analyze: say which runs to analyze, one way: run ids (analyze 1234567), --time "
                + "(analyze --time 1d: the runs that finished in the last day) or --manifest FILE (a saved manifest)\n"),
                analyze("9103774", "--manifest", recordedManifest("9103774")));
    }
}
