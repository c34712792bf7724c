package io.omicsmonitor.reportgenerator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.omicsmonitor.athena.AthenaQuery;
import io.omicsmonitor.common.Env;
import io.omicsmonitor.common.events.InvalidEventException;
import io.omicsmonitor.local.ApiStub;
import io.omicsmonitor.local.AthenaStub;
import io.omicsmonitor.local.LocalAws;
import io.omicsmonitor.local.LocalLambda;
import io.omicsmonitor.local.LocalS3;
import io.omicsmonitor.local.SnsPublishes;
import io.omicsmonitor.reports.Period;
import io.omicsmonitor.reports.ReportSql;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The function end to end: a schedule's event in; the queries the real Athena client sent to a stub answering in
 * Athena's JSON shapes; the objects written to a real S3 server (S3Proxy); the announcement the real SNS client sent.
 */
class ReportGeneratorTest {

    static final Clock NOW = Clock.fixed(Instant.parse("2026-11-16T06:00:04Z"), ZoneOffset.UTC);
    static final String BUCKET = "omics-monitor-lake-bucket";
    static final String TOPIC = "arn:aws:sns:us-west-2:123456789012:omics-monitor-InfoAlertTopic-1A2B3C";
    static final Map<String, String> ENV = Map.of("ATHENA_WORKGROUP", "omics-monitor-prod", "GLUE_DATABASE",
            "omics_monitor", "REPORTS_BUCKET", BUCKET, "INFO_TOPIC_ARN", TOPIC,
            "COST_ALLOCATION_TAG_KEYS", "project, cost-center");

    static ApiStub athena;
    static ApiStub sns;
    static LocalS3 s3;

    @BeforeAll
    static void start() {
        athena = new ApiStub();
        sns = new ApiStub();
        s3 = LocalS3.inMemory();
    }

    @AfterAll
    static void stop() {
        athena.close();
        sns.close();
        s3.close();
    }

    @BeforeEach
    void reset() {
        athena.reset();
        sns.reset();
        s3.resetTo(BUCKET);
        SnsPublishes.stubPublish(sns.server(), "5c1b7e2a-0000-4000-8000-00000000a11d");
    }

    static ReportGenerator function() {
        return new ReportGenerator(new Env(ENV), LocalAws.clients(Map.of("athena", athena.endpoint(),
                "sns", sns.endpoint(), "s3", s3.endpoint())), NOW);
    }

    /** The schedule's event: EventBridge Scheduler's execution id and scheduled time, the period in the detail. */
    static byte[] event(String detail) {
        return ("""
                {"version":"0","id":"7f3a9c2e-report-daily","detail-type":"Scheduled Report","source":"omics-monitor",
                 "account":"123456789012","time":"2026-11-16T06:00:00Z","region":"us-west-2",
                 "resources":["arn:aws:scheduler:us-west-2:123456789012:schedule/omics-monitor/DailyReport"],
                 "detail":%s}
                """.formatted(detail)).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theDailyReportIsWrittenUnderReportsAndAnnounced() {
        AthenaStub stub = new AthenaStub(athena);
        stub.succeedsWhen("SELECT status, count(*) AS runs", "q-status", List.of("status", "runs"),
                List.of(List.of("COMPLETED", "12"), List.of("FAILED", "1")));
        stub.succeedsWhen("task_failures", "q-failures", List.of("run_id", "run_name", "workflow", "failed_at", "reason"),
                List.of(Arrays.asList("9103774", "HG002-somatic", "somatic-mutect2", "2026-11-15T14:27:55Z", null)));

        JsonNode result = LocalLambda.invoke(function(), event("{\"period\":\"daily\"}"));

        assertEquals(ReportSql.queries(Period.DAILY, LocalDate.of(2026, 11, 16), List.of("project", "cost-center"))
                .stream().map(q -> q.sql()).toList(), stub.queries(), "the day before the scheduled time's date");
        JsonNode start = stub.bodies("StartQueryExecution").get(0);
        assertEquals("omics-monitor-prod", start.path("WorkGroup").asText());
        assertEquals("omics_monitor", start.path("QueryExecutionContext").path("Database").asText());

        String folder = "reports/daily/2026-11-15/";
        assertEquals(List.of(folder + "failures.csv", folder + "index.html", folder + "runs-by-status.csv"),
                s3.keys(BUCKET));
        assertEquals("text/html;charset=utf-8", s3.contentType(BUCKET, folder + "index.html"));
        String html = s3.read(BUCKET, folder + "index.html");
        assertTrue(html.contains("<p class=\"summary\">13 run(s) with activity (COMPLETED 12, FAILED 1); 1 failed.</p>"),
                html);
        assertEquals("run_id,run_name,workflow,failed_at,reason\r\n"
                + "9103774,HG002-somatic,somatic-mutect2,2026-11-15T14:27:55Z,\r\n", s3.read(BUCKET, folder + "failures.csv"));

        List<SnsPublishes> published = SnsPublishes.all(sns.server());
        assertEquals(1, published.size());
        assertEquals(TOPIC, published.get(0).topicArn());
        assertEquals("omics-monitor: Daily operations report, 2026-11-15", published.get(0).subject());
        assertEquals("""
                Daily operations report, 2026-11-15

                13 run(s) with activity (COMPLETED 12, FAILED 1); 1 failed.
                Failed: run 9103774 (HG002-somatic): (no reason recorded)

                The report: s3://omics-monitor-lake-bucket/reports/daily/2026-11-15/index.html
                Its tables as CSV, beside it: runs-by-status.csv, failures.csv
                """, published.get(0).message());

        assertEquals("daily", result.get("period").asText());
        assertEquals("s3://" + BUCKET + "/" + folder + "index.html", result.get("page").asText());
        assertEquals("[\"q-status\",\"q-failures\"]", result.get("queries").toString());
    }

    @Test
    void theWeeklyReportUsesTheStacksTagKeys() {
        AthenaStub stub = new AthenaStub(athena);
        List<String> figures = List.of("runs", "estimated_usd", "potential_saving_usd", "previous_week_usd", "change_usd");
        stub.succeedsWhen("ORDER BY estimated_usd DESC, workflow", "q-workflow", concat(List.of("workflow"), figures),
                List.of(List.of("germline-wgs-gatk4", "4", "120.5", "10.25", "100.0", "20.5")));
        stub.succeedsWhen("CROSS JOIN", "q-tag", concat(List.of("tag_key", "tag_value"), figures), List.of());
        stub.succeedsWhen("LIMIT 10", "q-rightsizing", List.of("workflow", "task", "reserved", "recommended", "tasks",
                "potential_saving_usd"), List.of());

        LocalLambda.invoke(function(), event("{\"period\":\"weekly\"}"));

        assertTrue(stub.queries().get(1).contains("CROSS JOIN (VALUES ('project'), ('cost-center')) AS k(tag_key)"),
                stub.queries().get(1));
        assertTrue(SnsPublishes.all(sns.server()).get(0).message().contains(
                "4 run(s), estimated $120.50 (the week before $100.00, +$20.50); potential saving $10.25.\n"));
        assertEquals(4, s3.keys(BUCKET).size());
        assertTrue(s3.keys(BUCKET).contains("reports/weekly/2026-11-09/index.html"), s3.keys(BUCKET).toString());
    }

    @Test
    void aFailedQueryFailsTheInvocationBeforeAnythingIsWrittenOrAnnounced() {
        AthenaStub stub = new AthenaStub(athena);
        stub.ends("q-failed", "FAILED", "TABLE_NOT_FOUND: Table 'omics_monitor.run_status_events' does not exist");
        var e = assertThrows(AthenaQuery.QueryFailedException.class,
                () -> LocalLambda.invoke(function(), event("{\"period\":\"daily\"}")));
        assertTrue(e.getMessage().contains("TABLE_NOT_FOUND"), e.getMessage());
        assertEquals(List.of(), s3.keys(BUCKET));
        assertEquals(List.of(), SnsPublishes.all(sns.server()));
    }

    @Test
    void anEventWithoutAPeriodIsRefusedByItsId() {
        var e = assertThrows(InvalidEventException.class,
                () -> LocalLambda.invoke(function(), event("{\"period\":\"hourly\"}")));
        assertTrue(e.getMessage().contains("7f3a9c2e-report-daily"), e.getMessage());
        assertTrue(e.getMessage().contains("'hourly' is not a report period: daily, weekly or monthly"), e.getMessage());
        e = assertThrows(InvalidEventException.class, () -> LocalLambda.invoke(function(), event("{}")));
        assertTrue(e.getMessage().contains("field 'detail.period' is missing"), e.getMessage());
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
