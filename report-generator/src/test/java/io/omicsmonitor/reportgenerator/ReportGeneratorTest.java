package io.omicsmonitor.reportgenerator;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
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
import io.omicsmonitor.local.MetricDataStub;
import io.omicsmonitor.local.SnsPublishes;
import io.omicsmonitor.mapper.Json;
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
import software.amazon.awssdk.services.sesv2.model.MessageRejectedException;

/**
 * The function end to end: a schedule's event in; the queries the real Athena client sent to a stub answering in
 * Athena's JSON shapes; the objects written to a real S3 server (S3Proxy); the announcement the real SNS client sent.
 */
class ReportGeneratorTest {

    static final Clock NOW = Clock.fixed(Instant.parse("2026-11-16T06:00:04Z"), ZoneOffset.UTC);
    static final String BUCKET = "omics-monitor-lake-bucket";
    static final String TOPIC = "arn:aws:sns:us-west-2:123456789012:omics-monitor-InfoAlertTopic-1A2B3C";
    static final String OWN_NAME = "omics-monitor-ReportGeneratorFunction-R3p0rt";
    /** As template.yaml sets them (two of the stack's functions and queues here), and Lambda's own name variable. */
    static final Map<String, String> ENV = Map.of("ATHENA_WORKGROUP", "omics-monitor-prod", "GLUE_DATABASE",
            "omics_monitor", "REPORTS_BUCKET", BUCKET, "INFO_TOPIC_ARN", TOPIC,
            "COST_ALLOCATION_TAG_KEYS", "project, cost-center", "AWS_LAMBDA_FUNCTION_NAME", OWN_NAME,
            "REPORTED_FUNCTIONS", "status-event-recorder=omics-monitor-StatusEventRecorderFunction-5tAtU5,"
                    + "run-analyzer=omics-monitor-RunAnalyzerFunction-AnA1y2",
            "REPORTED_DEAD_LETTER_QUEUES", "status-event-recorder=omics-monitor-StatusEventRecorderDeadLetterQueue-Q1,"
                    + "run-analyzer=omics-monitor-RunAnalyzerDeadLetterQueue-Q2,"
                    + "report-generator=omics-monitor-ReportGeneratorDeadLetterQueue-Q3");
    static final String SENDER = "omics-reports@example.org";

    static ApiStub athena;
    static ApiStub sns;
    static ApiStub cloudwatch;
    static ApiStub ses;
    static LocalS3 s3;

    @BeforeAll
    static void start() {
        athena = new ApiStub();
        sns = new ApiStub();
        cloudwatch = new ApiStub();
        ses = new ApiStub();
        s3 = LocalS3.inMemory();
    }

    @AfterAll
    static void stop() {
        athena.close();
        sns.close();
        cloudwatch.close();
        ses.close();
        s3.close();
    }

    @BeforeEach
    void reset() {
        athena.reset();
        sns.reset();
        cloudwatch.reset();
        ses.reset();
        s3.resetTo(BUCKET);
        SnsPublishes.stubPublish(sns.server(), "5c1b7e2a-0000-4000-8000-00000000a11d");
        // CloudWatch pages its answer: the functions' errors first, then (after the NextToken) the queues' depth
        MetricDataStub.answer(cloudwatch.server(), "", 5, List.of(
                MetricDataStub.Series.none("f0", "Errors"),
                MetricDataStub.Series.complete("f1", "Errors", "2026-11-15T00:00:00Z", 0),
                MetricDataStub.Series.complete("f2", "Errors", "2026-11-15T00:00:00Z", 4)), "page-2");
        MetricDataStub.answer(cloudwatch.server(), "NextToken=page-2", 1, List.of(
                MetricDataStub.Series.none("q0", "ApproximateNumberOfMessagesVisible"),
                MetricDataStub.Series.complete("q1", "ApproximateNumberOfMessagesVisible", "2026-11-15T00:00:00Z", 2),
                MetricDataStub.Series.none("q2", "ApproximateNumberOfMessagesVisible")), null);
        ses.server().stubFor(post(urlEqualTo("/v2/email/outbound-emails")).willReturn(okJson(
                "{\"MessageId\":\"0100019a8c5e7f10-3b1c2d4e-ses-message-000000\"}")));
    }

    static ReportGenerator function() {
        return function(ENV);
    }

    static ReportGenerator function(Map<String, String> env) {
        return new ReportGenerator(new Env(env), LocalAws.clients(Map.of("athena", athena.endpoint(),
                "sns", sns.endpoint(), "s3", s3.endpoint(), "cloudwatch", cloudwatch.endpoint(),
                "sesv2", ses.endpoint())), NOW);
    }

    /** The stack with e-mail: a sender and two recipients (as the template's parameters pass them). */
    static ReportGenerator emailing() {
        Map<String, String> env = new java.util.HashMap<>(ENV);
        env.put("REPORT_EMAIL_SENDER", SENDER);
        env.put("REPORT_EMAIL_RECIPIENTS", "ops-lead@example.org, lab-manager@example.org");
        return function(env);
    }

    /** The daily report's two queries answered: 13 runs, one failure. */
    static AthenaStub dailyAnswers() {
        AthenaStub stub = new AthenaStub(athena);
        stub.succeedsWhen("SELECT status, count(*) AS runs", "q-status", List.of("status", "runs"),
                List.of(List.of("COMPLETED", "12"), List.of("FAILED", "1")));
        stub.succeedsWhen("task_failures", "q-failures", List.of("run_id", "run_name", "workflow", "failed_at", "reason"),
                List.of(Arrays.asList("9103774", "HG002-somatic", "somatic-mutect2", "2026-11-15T14:27:55Z", null)));
        return stub;
    }

    /** Each SendEmail the SES stub received, as its JSON body. */
    static List<JsonNode> emails() {
        return ses.server().findAll(postRequestedFor(urlEqualTo("/v2/email/outbound-emails"))).stream()
                .map(r -> {
                    try {
                        return Json.MAPPER.readTree(r.getBodyAsString());
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }).toList();
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
        AthenaStub stub = dailyAnswers();

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
                Functions: 4 error(s) (run-analyzer 4); dead-letter queues: messages waiting (run-analyzer 2).

                The report: s3://omics-monitor-lake-bucket/reports/daily/2026-11-15/index.html
                Its tables as CSV, beside it: runs-by-status.csv, failures.csv
                """, published.get(0).message());

        assertEquals("daily", result.get("period").asText());
        assertEquals("s3://" + BUCKET + "/" + folder + "index.html", result.get("page").asText());
        assertEquals("[\"q-status\",\"q-failures\"]", result.get("queries").toString());
        assertTrue(result.get("emailId").isNull(), "no sender or recipients: no e-mail");
        assertEquals(List.of(), emails());
    }

    @Test
    void theDailyReportShowsEachFunctionsErrorsAndDeadLetterDepthOfItsDay() {
        dailyAnswers();

        LocalLambda.invoke(function(), event("{\"period\":\"daily\"}"));

        List<Map<String, String>> requests = MetricDataStub.requests(cloudwatch.server());
        assertEquals(2, requests.size(), "the second page asked for with the first's NextToken");
        Map<String, String> first = requests.get(0);
        assertEquals("2026-11-15T00:00:00Z", first.get("StartTime"));
        assertEquals("2026-11-16T00:00:00Z", first.get("EndTime"));
        assertEquals("page-2", requests.get(1).get("NextToken"));
        List<String> asked = new java.util.ArrayList<>();
        for (int n = 1; first.containsKey("MetricDataQueries.member." + n + ".Id"); n++) {
            String q = "MetricDataQueries.member." + n + ".";
            asked.add(first.get(q + "Id") + " " + first.get(q + "MetricStat.Metric.Namespace") + " "
                    + first.get(q + "MetricStat.Metric.MetricName") + " "
                    + first.get(q + "MetricStat.Metric.Dimensions.member.1.Name") + "="
                    + first.get(q + "MetricStat.Metric.Dimensions.member.1.Value") + " "
                    + first.get(q + "MetricStat.Stat") + " " + first.get(q + "MetricStat.Period"));
        }
        assertEquals(List.of(
                "f0 AWS/Lambda Errors FunctionName=" + OWN_NAME + " Sum 86400",
                "f1 AWS/Lambda Errors FunctionName=omics-monitor-StatusEventRecorderFunction-5tAtU5 Sum 86400",
                "f2 AWS/Lambda Errors FunctionName=omics-monitor-RunAnalyzerFunction-AnA1y2 Sum 86400",
                "q0 AWS/SQS ApproximateNumberOfMessagesVisible QueueName=omics-monitor-StatusEventRecorderDeadLetterQueue-Q1 Maximum 86400",
                "q1 AWS/SQS ApproximateNumberOfMessagesVisible QueueName=omics-monitor-RunAnalyzerDeadLetterQueue-Q2 Maximum 86400",
                "q2 AWS/SQS ApproximateNumberOfMessagesVisible QueueName=omics-monitor-ReportGeneratorDeadLetterQueue-Q3 Maximum 86400"),
                asked);

        String text = ReportTestText.of(s3.read(BUCKET, "reports/daily/2026-11-15/index.html"));
        assertTrue(text.contains("Functions' errors and dead-letter queues on 2026-11-15 function name in AWS errors "
                + "report-generator " + OWN_NAME + " 0 status-event-recorder omics-monitor-StatusEventRecorderFunction-5tAtU5 0 "
                + "run-analyzer omics-monitor-RunAnalyzerFunction-AnA1y2 4 dead-letter queue name in AWS most messages "
                + "waiting status-event-recorder omics-monitor-StatusEventRecorderDeadLetterQueue-Q1 0 run-analyzer "
                + "omics-monitor-RunAnalyzerDeadLetterQueue-Q2 2 report-generator "
                + "omics-monitor-ReportGeneratorDeadLetterQueue-Q3 0"), text);
    }

    @Test
    void aMetricCloudWatchCannotReadFailsTheReportBeforeAnythingIsWritten() {
        dailyAnswers();
        MetricDataStub.answer(cloudwatch.server(), "", 0, List.of(new MetricDataStub.Series("f1", "Errors", List.of(),
                List.of(), "Forbidden")), null);
        var e = assertThrows(IllegalStateException.class,
                () -> LocalLambda.invoke(function(), event("{\"period\":\"daily\"}")));
        assertEquals("CloudWatch could not read the Errors of function omics-monitor-StatusEventRecorderFunction-5tAtU5 "
                + "for 2026-11-15: Forbidden []", e.getMessage());
        assertEquals(List.of(), s3.keys(BUCKET));
        assertEquals(List.of(), SnsPublishes.all(sns.server()));
    }

    @Test
    void withASenderAndRecipientsThePageIsEmailedThroughSesOnce() throws Exception {
        dailyAnswers();

        JsonNode result = LocalLambda.invoke(emailing(), event("{\"period\":\"daily\"}"));

        String folder = "reports/daily/2026-11-15/";
        List<JsonNode> sent = emails();
        assertEquals(1, sent.size());
        JsonNode email = sent.get(0);
        assertEquals(SENDER, email.path("FromEmailAddress").asText());
        assertEquals("[\"ops-lead@example.org\",\"lab-manager@example.org\"]",
                email.path("Destination").path("ToAddresses").toString());
        JsonNode simple = email.path("Content").path("Simple");
        assertEquals("omics-monitor: Daily operations report, 2026-11-15", simple.path("Subject").path("Data").asText());
        assertEquals("UTF-8", simple.path("Subject").path("Charset").asText());
        assertEquals(s3.read(BUCKET, folder + "index.html"), simple.path("Body").path("Html").path("Data").asText(),
                "the e-mail's body is the page written to S3");
        assertEquals(SnsPublishes.all(sns.server()).get(0).message(), simple.path("Body").path("Text").path("Data").asText(),
                "its text part is the announcement");
        JsonNode attachments = simple.path("Attachments");
        assertEquals(2, attachments.size());
        assertEquals("runs-by-status.csv", attachments.get(0).path("FileName").asText());
        assertEquals("failures.csv", attachments.get(1).path("FileName").asText());
        assertEquals("text/csv", attachments.get(1).path("ContentType").asText());
        assertEquals("ATTACHMENT", attachments.get(1).path("ContentDisposition").asText());
        assertEquals(s3.read(BUCKET, folder + "failures.csv"), new String(java.util.Base64.getDecoder().decode(
                attachments.get(1).path("RawContent").asText()), StandardCharsets.UTF_8));
        assertEquals("0100019a8c5e7f10-3b1c2d4e-ses-message-000000", result.get("emailId").asText());
        JsonNode marker = Json.MAPPER.readTree(s3.read(BUCKET, folder + "email-sent.json"));
        assertEquals("0100019a8c5e7f10-3b1c2d4e-ses-message-000000", marker.path("messageId").asText());
        assertEquals("7f3a9c2e-report-daily", marker.path("eventId").asText());

        // the same schedule's event again (a retry, a redrive): the page is remade, the readers are not e-mailed twice
        JsonNode again = LocalLambda.invoke(emailing(), event("{\"period\":\"daily\"}"));
        assertEquals(1, emails().size());
        assertEquals("0100019a8c5e7f10-3b1c2d4e-ses-message-000000", again.get("emailId").asText());
    }

    @Test
    void sesRefusingTheMailFailsTheInvocationBeforeTheAnnouncementAndARetrySendsIt() {
        dailyAnswers();
        ses.server().stubFor(post(urlEqualTo("/v2/email/outbound-emails")).atPriority(1).willReturn(aResponse()
                .withStatus(400).withHeader("Content-Type", "application/json")
                .withHeader("x-amzn-ErrorType", "MessageRejected")
                .withBody("{\"message\":\"Email address is not verified. The following identities failed the check in "
                        + "region US-WEST-2: omics-reports@example.org\"}")));

        var e = assertThrows(MessageRejectedException.class,
                () -> LocalLambda.invoke(emailing(), event("{\"period\":\"daily\"}")));
        assertTrue(e.getMessage().contains("Email address is not verified"), e.getMessage());
        assertEquals(List.of(), SnsPublishes.all(sns.server()), "not announced: Lambda retries the whole report");
        assertEquals(List.of("reports/daily/2026-11-15/failures.csv", "reports/daily/2026-11-15/index.html",
                "reports/daily/2026-11-15/runs-by-status.csv"), s3.keys(BUCKET), "the page is there, no marker");

        ses.server().resetMappings();
        ses.server().stubFor(post(urlEqualTo("/v2/email/outbound-emails")).willReturn(okJson(
                "{\"MessageId\":\"0100019a8c5e7f10-retry\"}")));
        JsonNode retry = LocalLambda.invoke(emailing(), event("{\"period\":\"daily\"}"));
        assertEquals("0100019a8c5e7f10-retry", retry.get("emailId").asText());
        assertEquals(1, SnsPublishes.all(sns.server()).size());
    }

    @Test
    void anAnnouncementThatFailsAfterTheEmailIsRetriedWithoutASecondEmail() {
        dailyAnswers();
        sns.server().resetMappings();
        sns.server().stubFor(post(urlEqualTo("/")).willReturn(aResponse().withStatus(403).withHeader("Content-Type",
                "text/xml").withBody("<ErrorResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><Error>"
                + "<Type>Sender</Type><Code>AuthorizationError</Code><Message>not authorized to perform SNS:Publish"
                + "</Message></Error><RequestId>req-9</RequestId></ErrorResponse>")));
        assertThrows(RuntimeException.class, () -> LocalLambda.invoke(emailing(), event("{\"period\":\"daily\"}")));
        assertEquals(1, emails().size());

        sns.server().resetAll();
        SnsPublishes.stubPublish(sns.server(), "5c1b7e2a-retry");
        LocalLambda.invoke(emailing(), event("{\"period\":\"daily\"}"));
        assertEquals(1, emails().size(), "the marker beside the page: sent once");
        assertEquals(1, SnsPublishes.all(sns.server()).size());
    }

    @Test
    void aSenderWithoutRecipientsIsAWiringMistakeNamedAtStartUp() {
        Map<String, String> env = new java.util.HashMap<>(ENV);
        env.put("REPORT_EMAIL_SENDER", SENDER);
        env.put("REPORT_EMAIL_RECIPIENTS", " ");
        var e = assertThrows(IllegalArgumentException.class, () -> function(env));
        assertEquals("REPORT_EMAIL_SENDER and REPORT_EMAIL_RECIPIENTS are both set or both empty: sender "
                + "'omics-reports@example.org', recipients ''", e.getMessage());
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
        assertEquals(List.of(), MetricDataStub.requests(cloudwatch.server()), "CloudWatch's figures are the daily's");
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

    /** The page's text as a reader sees it: tags dropped, entities decoded, white space collapsed. */
    static final class ReportTestText {
        static String of(String html) {
            return html.replaceAll("(?s)<style>.*?</style>", " ").replaceAll("<[^>]+>", " ").replace("&lt;", "<")
                    .replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&")
                    .replaceAll("\\s+", " ");
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
