package io.omicsmonitor.athena;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.omicsmonitor.local.ApiStub;
import io.omicsmonitor.local.AthenaStub;
import io.omicsmonitor.local.LocalAws;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.InvalidRequestException;

/** The query runner through the real Athena client against a local stub answering in Athena's JSON shapes. */
class AthenaQueryTest {

    static final AthenaQuery.Location WHERE = new AthenaQuery.Location("omics-monitor-prod", "omics_monitor");
    static final String ID = "9f3c1e2a-5b7d-4c8e-a1f0-2d3e4f5a6b7c";

    static ApiStub apis;
    final List<Duration> waits = new ArrayList<>();

    @BeforeAll
    static void start() {
        apis = new ApiStub();
    }

    @AfterAll
    static void stop() {
        apis.close();
    }

    @BeforeEach
    void reset() {
        apis.reset();
    }

    AthenaQuery query(Duration timeout, Clock clock) {
        AthenaClient client = LocalAws.clients(Map.of("athena", apis.endpoint()))
                .configure(AthenaClient.builder(), "athena");
        return new AthenaQuery(client, WHERE, timeout, clock, waits::add);
    }

    AthenaQuery query() {
        return query(Duration.ofMinutes(4), Clock.fixed(Instant.parse("2026-12-03T07:05:00Z"), ZoneOffset.UTC));
    }

    @Test
    void startsInTheWorkgroupWaitsForTheEndAndReadsEveryRowOfEveryPageWithoutTheHeader() {
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            rows.add(Arrays.asList("budget-" + i, String.valueOf(i * 1.5), i % 7 == 0 ? null : "x"));
        }
        new AthenaStub(apis).succeeds(ID, List.of("budget", "spend_usd", "note"), rows, 1000);

        AthenaQuery.Result result = query().run("SELECT budget, spend_usd, note FROM t");

        AthenaStub athena = new AthenaStub(apis);
        assertEquals(List.of("SELECT budget, spend_usd, note FROM t"), athena.queries());
        var start = athena.bodies("StartQueryExecution").get(0);
        assertEquals("omics-monitor-prod", start.path("WorkGroup").asText());
        assertEquals("omics_monitor", start.path("QueryExecutionContext").path("Database").asText());
        assertEquals(36, start.path("ClientRequestToken").asText().length(), "the SDK's idempotency token: a retried "
                + "StartQueryExecution starts no second query");
        assertEquals(3, athena.bodies("GetQueryExecution").size(), "QUEUED, RUNNING, SUCCEEDED");
        assertEquals(List.of(Duration.ofMillis(250), Duration.ofMillis(500)), waits);
        List<String> tokens = athena.bodies("GetQueryResults").stream()
                .map(b -> b.path("NextToken").asText("(first)") + "/" + b.path("MaxResults").asInt()).toList();
        assertEquals(List.of("(first)/1000", "page-1/1000", "page-2/1000"), tokens, "every page, 1,000 rows each");

        assertEquals(ID, result.queryExecutionId());
        assertEquals(List.of("budget", "spend_usd", "note"), result.columns());
        assertEquals(2500, result.rows().size(), "the header row is not a row");
        assertEquals(Arrays.asList("budget-0", "0.0", null), result.rows().get(0), "a NULL is null, not text");
        assertEquals("3748.5", result.value(2499, "spend_usd"));
        assertEquals("budget-1000", result.value(1000, "budget"), "page two's first row is data");
        assertEquals(48_213_550L, result.bytesScanned());
    }

    @Test
    void aQueryWithNoRowsGivesItsColumnsAndNoRows() {
        new AthenaStub(apis).succeeds(ID, List.of("budget", "spend_usd"), List.of(), 1000);
        AthenaQuery.Result result = query().run("SELECT 1");
        assertEquals(List.of("budget", "spend_usd"), result.columns());
        assertEquals(List.of(), result.rows());
    }

    @Test
    void aFailedQueryThrowsAthenasReason() {
        new AthenaStub(apis).ends(ID, "FAILED",
                "COLUMN_NOT_FOUND: line 3:10: Column 'tags' cannot be resolved or requester is not authorized to access requested resources");

        AthenaQuery.QueryFailedException e = assertThrows(AthenaQuery.QueryFailedException.class,
                () -> query().run("SELECT tags FROM run_analysis"));

        assertEquals("Athena query " + ID + " in workgroup omics-monitor-prod FAILED: COLUMN_NOT_FOUND: line 3:10: "
                + "Column 'tags' cannot be resolved or requester is not authorized to access requested resources "
                + "(error category 2, type 1006, not retryable)", e.getMessage());
        assertEquals(0, new AthenaStub(apis).bodies("GetQueryResults").size(), "no results read");
    }

    @Test
    void aCancelledQueryThrows() {
        new AthenaStub(apis).ends(ID, "CANCELLED", "Query cancelled by user");
        AthenaQuery.QueryFailedException e = assertThrows(AthenaQuery.QueryFailedException.class,
                () -> query().run("SELECT 1"));
        assertEquals("Athena query " + ID + " in workgroup omics-monitor-prod CANCELLED: Query cancelled by user",
                e.getMessage());
    }

    @Test
    void aQueryStillRunningAtTheTimeoutIsStoppedAndThrows() {
        new AthenaStub(apis).ends(ID, "RUNNING", null); // QUEUED, then RUNNING for good
        apis.server().stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AmazonAthena.StopQueryExecution"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{}")));
        // each wait moves the clock on by 20 s: the third GetQueryExecution (RUNNING, at 40 s) is past the 30 s timeout
        Instant[] now = {Instant.parse("2026-12-03T07:05:00Z")};
        Clock moving = new Clock() {
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            public Instant instant() {
                return now[0];
            }
        };
        AthenaQuery slow = new AthenaQuery(LocalAws.clients(Map.of("athena", apis.endpoint()))
                .configure(AthenaClient.builder(), "athena"), WHERE, Duration.ofSeconds(30), moving,
                d -> now[0] = now[0].plusSeconds(20));

        AthenaQuery.QueryFailedException e = assertThrows(AthenaQuery.QueryFailedException.class,
                () -> slow.run("SELECT 1"));

        assertEquals("Athena query " + ID + " in workgroup omics-monitor-prod was still RUNNING after 30 s; it was "
                + "stopped", e.getMessage());
        assertEquals(List.of(ID), new AthenaStub(apis).bodies("StopQueryExecution").stream()
                .map(b -> b.path("QueryExecutionId").asText()).toList());
    }

    @Test
    void anApiErrorIsTheSdksException() {
        apis.server().stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AmazonAthena.StartQueryExecution"))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{\"__type\":\"InvalidRequestException\",\"AthenaErrorCode\":\"INVALID_INPUT\","
                                + "\"Message\":\"WorkGroup omics-monitor-prod is not found.\"}")));
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> query().run("SELECT 1"));
        assertEquals("WorkGroup omics-monitor-prod is not found.", e.awsErrorDetails().errorMessage());
    }
}
