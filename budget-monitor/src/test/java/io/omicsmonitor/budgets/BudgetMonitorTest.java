package io.omicsmonitor.budgets;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.omicsmonitor.athena.AthenaQuery;
import io.omicsmonitor.common.Env;
import io.omicsmonitor.common.events.InvalidEventException;
import io.omicsmonitor.local.ApiStub;
import io.omicsmonitor.local.AthenaStub;
import io.omicsmonitor.local.LocalAws;
import io.omicsmonitor.local.LocalLambda;
import io.omicsmonitor.local.SampleEvents;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.model.CloudWatchException;

/**
 * The function end to end: events/budget-check.json in, the Athena calls the real Athena client made to a stub answering
 * in Athena's JSON shapes, and the PutMetricData the real CloudWatch client sent, decoded from CloudWatch's query
 * protocol.
 */
class BudgetMonitorTest {

    static final Clock NOW = Clock.fixed(Instant.parse("2026-11-24T11:25:03Z"), ZoneOffset.UTC);
    static final String QUERY_ID = "5e1f0c3a-7d2b-4e6f-9a8b-1c2d3e4f5a6b";
    static final String BUDGETS = "project:oncology=5000,workflow:1234567=2000,cost-center:cc-7=250.50";
    static final Map<String, String> ENV = Map.of("MONTHLY_BUDGETS", BUDGETS, "ATHENA_WORKGROUP", "omics-monitor-prod",
            "GLUE_DATABASE", "omics_monitor", "METRICS_NAMESPACE", "OmicsMonitor");

    static ApiStub athena;
    static ApiStub cloudWatch;

    @BeforeAll
    static void start() {
        athena = new ApiStub();
        cloudWatch = new ApiStub();
    }

    @AfterAll
    static void stop() {
        athena.close();
        cloudWatch.close();
    }

    @BeforeEach
    void answerLikeCloudWatch() {
        athena.reset();
        cloudWatch.reset();
        cloudWatch.server().stubFor(post(urlEqualTo("/")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/xml")
                .withBody("<PutMetricDataResponse xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\">"
                        + "<ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></PutMetricDataResponse>")));
    }

    static BudgetMonitor monitor(Map<String, String> env) {
        return new BudgetMonitor(new Env(env), LocalAws.clients(Map.of("athena", athena.endpoint(),
                "cloudwatch", cloudWatch.endpoint())), NOW);
    }

    static JsonNode invoke(BudgetMonitor monitor) {
        return LocalLambda.invoke(monitor, SampleEvents.bytes("budget-check.json"));
    }

    @Test
    void publishesEachBudgetsMonthToDateSpendAndShareOfItsAmount() {
        new AthenaStub(athena).succeeds(QUERY_ID, List.of("budget", "runs", "spend_usd"), List.of(
                List.of("project:oncology", "41", "4123.456789"),
                List.of("workflow:1234567", "0", "0.0"),
                List.of("cost-center:cc-7", "3", "300.6")), 1000);

        JsonNode result = invoke(monitor(ENV));

        AthenaStub stub = new AthenaStub(athena);
        JsonNode start = stub.bodies("StartQueryExecution").get(0);
        assertEquals("omics-monitor-prod", start.path("WorkGroup").asText());
        assertEquals("omics_monitor", start.path("QueryExecutionContext").path("Database").asText());
        assertEquals(BudgetQuery.sql(MonthlyBudgets.parse(BUDGETS), LocalDate.of(2026, 11, 24)),
                start.path("QueryString").asText(), "the month of the scheduled time");
        assertTrue(start.path("QueryString").asText().contains("year = '2026' AND month = '11'"));

        Map<String, String> call = onlyPutMetricData();
        assertEquals("OmicsMonitor", call.get("Namespace"));
        assertEquals(List.of(
                "BudgetSpendUsd [Budget=project:oncology] 4123.456789 None at 2026-11-24T11:25:00Z",
                "BudgetUsedPercent [Budget=project:oncology] 82.46913578 Percent at 2026-11-24T11:25:00Z",
                "BudgetSpendUsd [Budget=workflow:1234567] 0.0 None at 2026-11-24T11:25:00Z",
                "BudgetUsedPercent [Budget=workflow:1234567] 0.0 Percent at 2026-11-24T11:25:00Z",
                "BudgetSpendUsd [Budget=cost-center:cc-7] 300.6 None at 2026-11-24T11:25:00Z",
                "BudgetUsedPercent [Budget=cost-center:cc-7] 120.0 Percent at 2026-11-24T11:25:00Z"),
                datums(call));

        assertEquals("d32c5kddcf5bb8c3", result.get("eventId").asText());
        assertEquals("2026-11", result.get("month").asText());
        assertEquals(QUERY_ID, result.get("queryExecutionId").asText());
        assertEquals(6, result.get("dataPoints").asInt());
        assertEquals(41, result.get("budgets").get(0).get("runs").asLong());
        assertEquals(120.0, result.get("budgets").get(2).get("usedPercent").asDouble(), 1e-9);
    }

    @Test
    void aFailedQueryFailsTheInvocationWithAthenasReasonAndPublishesNothing() {
        new AthenaStub(athena).ends(QUERY_ID, "FAILED", "TABLE_NOT_FOUND: line 8:8: Table 'awsdatacatalog.omics_monitor"
                + ".run_analysis_compacted' does not exist");

        AthenaQuery.QueryFailedException e = assertThrows(AthenaQuery.QueryFailedException.class,
                () -> invoke(monitor(ENV)));

        assertEquals("Athena query " + QUERY_ID + " in workgroup omics-monitor-prod FAILED: TABLE_NOT_FOUND: line 8:8: "
                + "Table 'awsdatacatalog.omics_monitor.run_analysis_compacted' does not exist (error category 2, type "
                + "1006, not retryable)", e.getMessage());
        assertEquals(0, cloudWatch.server().findAll(postRequestedFor(urlEqualTo("/"))).size(), "nothing published");
    }

    @Test
    void aCancelledQueryFailsTheInvocation() {
        new AthenaStub(athena).ends(QUERY_ID, "CANCELLED", "Query cancelled by user");
        var e = assertThrows(AthenaQuery.QueryFailedException.class, () -> invoke(monitor(ENV)));
        assertTrue(e.getMessage().endsWith("CANCELLED: Query cancelled by user"), e.getMessage());
    }

    @Test
    void aQueryAnsweringOtherBudgetsFailsTheInvocation() {
        new AthenaStub(athena).succeeds(QUERY_ID, List.of("budget", "runs", "spend_usd"), List.of(
                List.of("project:oncology", "41", "4123.456789")), 1000);
        var e = assertThrows(IllegalStateException.class, () -> invoke(monitor(ENV)));
        assertEquals("Athena query " + QUERY_ID + " returned 1 rows for 3 budgets", e.getMessage());
        assertEquals(0, cloudWatch.server().findAll(postRequestedFor(urlEqualTo("/"))).size());
    }

    @Test
    void aCloudWatchFailureFailsTheInvocationAfterTheSdksRetries() {
        new AthenaStub(athena).succeeds(QUERY_ID, List.of("budget", "runs", "spend_usd"), List.of(
                List.of("project:oncology", "1", "1"), List.of("workflow:1234567", "0", "0"),
                List.of("cost-center:cc-7", "0", "0")), 1000);
        cloudWatch.server().stubFor(post(urlEqualTo("/")).willReturn(aResponse().withStatus(500)
                .withHeader("Content-Type", "text/xml")
                .withBody("<ErrorResponse xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\"><Error>"
                        + "<Type>Receiver</Type><Code>InternalServiceError</Code><Message>try again</Message></Error>"
                        + "<RequestId>req-2</RequestId></ErrorResponse>")));
        var e = assertThrows(CloudWatchException.class, () -> invoke(monitor(ENV)));
        assertEquals("InternalServiceError", e.awsErrorDetails().errorCode());
    }

    @Test
    void withoutBudgetsNothingIsQueriedOrPublished() {
        Map<String, String> env = new LinkedHashMap<>(ENV);
        env.put("MONTHLY_BUDGETS", "");
        JsonNode result = invoke(monitor(env));
        assertEquals(0, result.get("dataPoints").asInt());
        assertTrue(result.get("queryExecutionId").isNull());
        assertEquals(0, athena.server().getAllServeEvents().size());
        assertEquals(0, cloudWatch.server().getAllServeEvents().size());
    }

    @Test
    void badBudgetsFailTheStartNamingTheEntry() {
        Map<String, String> env = new LinkedHashMap<>(ENV);
        env.put("MONTHLY_BUDGETS", "project:oncology=5000,oncology=100");
        var e = assertThrows(MonthlyBudgets.InvalidBudgetsException.class, () -> monitor(env));
        assertTrue(e.getMessage().startsWith("MonthlyBudgets is not valid: entry 2 'oncology=100': "), e.getMessage());
    }

    @Test
    void anEventOfAnotherKindFailsTheInvocation() {
        var e = assertThrows(InvalidEventException.class,
                () -> LocalLambda.invoke(monitor(ENV), SampleEvents.bytes("run-completed.json")));
        assertTrue(e.getMessage().contains("detail-type 'Run Status Change' is not one this function handles [Budget Check]"),
                e.getMessage());
        assertEquals(0, athena.server().getAllServeEvents().size());
    }

    @Test
    void primingSendsNothingAndTheFunctionStillWorks() {
        BudgetMonitor monitor = monitor(ENV);
        monitor.prime();
        assertEquals(0, athena.server().getAllServeEvents().size(), "priming starts no query");
        assertEquals(0, cloudWatch.server().getAllServeEvents().size(), "priming publishes nothing");

        new AthenaStub(athena).succeeds(QUERY_ID, List.of("budget", "runs", "spend_usd"), List.of(
                List.of("project:oncology", "1", "1"), List.of("workflow:1234567", "0", "0"),
                List.of("cost-center:cc-7", "0", "0")), 1000);
        assertEquals(6, invoke(monitor).get("dataPoints").asInt());
    }

    private static Map<String, String> onlyPutMetricData() {
        List<LoggedRequest> requests = cloudWatch.server().findAll(postRequestedFor(urlEqualTo("/")));
        assertEquals(1, requests.size(), "exactly one PutMetricData call");
        Map<String, String> form = new LinkedHashMap<>();
        Arrays.stream(requests.get(0).getBodyAsString().split("&")).map(p -> p.split("=", 2)).forEach(p ->
                form.put(URLDecoder.decode(p[0], StandardCharsets.UTF_8),
                        p.length > 1 ? URLDecoder.decode(p[1], StandardCharsets.UTF_8) : ""));
        assertEquals("PutMetricData", form.get("Action"));
        return form;
    }

    /** {@code MetricData.member.N.*} as {@code Name [Dim=Value] value Unit at timestamp}, in the order sent. */
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
            text.append(" [").append(String.join(", ", dimensions)).append(']');
            text.append(' ').append(form.get(m + "Value")).append(' ').append(form.get(m + "Unit"))
                    .append(" at ").append(form.get(m + "Timestamp"));
            datums.add(text.toString());
        }
        return datums;
    }
}
