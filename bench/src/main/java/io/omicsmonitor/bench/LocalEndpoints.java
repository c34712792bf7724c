package io.omicsmonitor.bench;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import io.omicsmonitor.analyzer.testing.ManifestGenerator;
import io.omicsmonitor.local.ApiStub;
import io.omicsmonitor.local.AthenaStub;
import io.omicsmonitor.local.LocalS3;
import io.omicsmonitor.local.ManifestLogsStub;
import io.omicsmonitor.local.MetricDataStub;
import io.omicsmonitor.local.SampleEvents;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The long-running helper process of the benchmarks: every AWS endpoint the functions call, on loopback, so the
 * measured process holds nothing but the function. S3 is a real S3 server (S3Proxy, in memory); Omics, SNS,
 * CloudWatch, EventBridge and CloudWatch Logs are HTTP stubs answering in each service's wire shape with the recorded answers in
 * {@code events/recorded/}. Writes the endpoints as {@code NAME=value} lines for the measured process's environment,
 * then serves until its standard input closes.
 *
 * <pre>java -cp ... io.omicsmonitor.bench.LocalEndpoints ENV_FILE [--manifest-tasks N] [--page-size N]</pre>
 *
 * {@code --manifest-tasks N} serves a generated manifest of N tasks as run 7382915's (the run of
 * {@code events/run-completed.json}), paged {@code --page-size} log events a page, instead of the recorded one.
 */
public final class LocalEndpoints {

    static final String BUCKET = "omics-lake";
    static final String TOPIC = "arn:aws:sns:us-west-2:123456789012:omics-monitor-alerts";

    private LocalEndpoints() {
    }

    public static void main(String[] args) throws Exception {
        Path envFile = Path.of(args[0]);
        int manifestTasks = 0;
        int pageSize = 1_000;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--manifest-tasks" -> manifestTasks = Integer.parseInt(args[++i]);
                case "--page-size" -> pageSize = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        try (Running endpoints = start(envFile.toAbsolutePath().getParent(), manifestTasks, pageSize)) {
            List<String> env = new ArrayList<>();
            endpoints.env().forEach((name, value) -> env.add(name + "=" + value));
            Path tmp = envFile.resolveSibling(envFile.getFileName() + ".tmp");
            Files.write(tmp, env, StandardCharsets.UTF_8);
            Files.move(tmp, envFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            System.err.println("local endpoints ready: " + envFile);

            // Serve until whoever started us closes our standard input (or ends us).
            while (System.in.read() != -1) {
                // ignore input
            }
        }
        System.exit(0);
    }

    /**
     * The endpoints, serving: each stub by name, and the environment a function process needs to use them (its
     * {@code AWS_ENDPOINT_URL_*} variables, throwaway credentials, the lake and topic).
     */
    public record Running(LocalS3 s3, ApiStub omics, ApiStub sns, ApiStub cloudwatch, ApiStub eventbridge, ApiStub logs,
                          ApiStub athena, ApiStub scheduler, ApiStub ses, Map<String, String> env) implements AutoCloseable {
        @Override
        public void close() {
            for (AutoCloseable c : List.<AutoCloseable>of(athena, scheduler, ses, logs, eventbridge, cloudwatch, sns, omics, s3)) {
                try {
                    c.close();
                } catch (Exception e) {
                    throw new IllegalStateException("could not stop a local endpoint", e);
                }
            }
        }
    }

    /** Starts every endpoint; {@code dir} receives the offline price book the run analyzer reads. */
    public static Running start(Path dir, int manifestTasks, int pageSize) throws IOException {
        LocalS3 s3 = LocalS3.inMemory();
        s3.createBucket(BUCKET);

        ApiStub omics = new ApiStub();
        for (String runId : List.of("7382915", "8264019", "9103774")) {
            omics.server().stubFor(get(urlEqualTo("/run/" + runId)).willReturn(okJson(recorded("omics/get-run-" + runId + ".json"))));
        }
        omics.server().stubFor(get(urlEqualTo("/run/9103774/task/4804296"))
                .willReturn(okJson(recorded("omics/get-run-task-9103774-4804296.json"))));
        omics.server().stubFor(get(urlEqualTo("/workflow/4716932?type=PRIVATE"))
                .willReturn(okJson(recorded("omics/get-workflow-4716932.json"))));
        omics.server().stubFor(get(urlEqualTo("/workflow/4716932/version/v2.1.0?type=PRIVATE"))
                .willReturn(okJson(recorded("omics/get-workflow-version-4716932-v2.1.0.json"))));

        ApiStub sns = new ApiStub();
        sns.server().stubFor(post(urlEqualTo("/")).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml")
                .withBody("<PublishResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><PublishResult>"
                        + "<MessageId>5b4e8f6a-1d2c-4b3a-9e8f-7a6b5c4d3e2f</MessageId></PublishResult>"
                        + "<ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></PublishResponse>")));

        // EventBridge Scheduler (REST JSON), for the escalation's one-time schedules and the ack's deletion of them
        ApiStub scheduler = new ApiStub();
        scheduler.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(
                com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching("/schedules/.*")).willReturn(okJson(
                "{\"ScheduleArn\":\"arn:aws:scheduler:us-west-2:123456789012:schedule/omics-monitor-alerts/x\"}")));
        scheduler.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.delete(
                com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching("/schedules/.*")).willReturn(okJson("{}")));

        ApiStub cloudwatch = new ApiStub();
        cloudwatch.server().stubFor(post(urlEqualTo("/")).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml")
                .withBody("<PutMetricDataResponse xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\">"
                        + "<ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></PutMetricDataResponse>")));
        // and GetMetricData, for report-generator's daily figures (issue 14): run-analyzer's errors, its queue's depth
        MetricDataStub.answer(cloudwatch.server(), "", 1, List.of(
                MetricDataStub.Series.complete("f1", "Errors", "2026-11-24T00:00:00Z", 2),
                MetricDataStub.Series.complete("q0", "ApproximateNumberOfMessagesVisible", "2026-11-24T00:00:00Z", 1)),
                null);

        // SES v2 (REST JSON), for report-generator's e-mail
        ApiStub ses = new ApiStub();
        ses.server().stubFor(post(urlEqualTo("/v2/email/outbound-emails")).willReturn(okJson(
                "{\"MessageId\":\"0100019a8c5e7f10-b3nch000-0000-0000-0000-000000000000-000000\"}")));

        // EventBridge PutEvents (AWS JSON 1.1), for the run analyzer's "Run Analysis Completed"
        ApiStub eventbridge = new ApiStub();
        eventbridge.server().stubFor(post(urlEqualTo("/")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/x-amz-json-1.1")
                .withBody("{\"FailedEntryCount\":0,\"Entries\":[{\"EventId\":\"11111111-2222-3333-4444-555555555555\"}]}")));

        // The run analyzer's offline price book (PRICES_FILE), instead of the Price List API
        Path prices = dir.resolve("prices.json");
        try (var in = io.omicsmonitor.analyzer.JsonPriceBook.class.getResourceAsStream("default-prices.json")) {
            Files.write(prices, in.readAllBytes());
        }

        ApiStub logsStub = new ApiStub();
        ManifestLogsStub logs = new ManifestLogsStub(logsStub);
        logs.recordedStream("8264019", "7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d", pageSize);
        logs.recordedStream("9103774", "9e8d7c6b-5a49-4838-9271-6a5b4c3d2e1f", pageSize);
        if (manifestTasks > 0) {
            logs.stream(ManifestLogsStub.LOG_GROUP, "manifest/run/7382915/5f2b8a1e-3c4d-4e6f-9a7b-1c2d3e4f5a6b",
                    generated(manifestTasks), pageSize);
        } else {
            logs.recordedStream("7382915", "5f2b8a1e-3c4d-4e6f-9a7b-1c2d3e4f5a6b", pageSize);
        }

        // Athena (JSON 1.1), for budget-monitor: its query for BUDGETS below, answered with one row per budget
        ApiStub athena = new ApiStub();
        new AthenaStub(athena).succeeds("5e1f0c3a-7d2b-4e6f-9a8b-1c2d3e4f5a6b", List.of("budget", "runs", "spend_usd"),
                List.of(List.of("project:oncology", "41", "4123.456789"), List.of("workflow:4716932", "3", "812.5")), 1000);
        // and report-generator's daily report (issue 14): its two queries, told apart by their text
        new AthenaStub(athena).succeedsWhen("SELECT status, count(*) AS runs", "0b7e4d2c-1a3f-4e5d-8c9b-report000001",
                List.of("status", "runs"), List.of(List.of("COMPLETED", "41"), List.of("FAILED", "1")));
        new AthenaStub(athena).succeedsWhen("task_failures", "0b7e4d2c-1a3f-4e5d-8c9b-report000002",
                List.of("run_id", "run_name", "workflow", "failed_at", "reason"), List.of(List.of("9103774",
                        "HG002-somatic-tumor-normal", "somatic-mutect2", "2026-11-24T14:27:55Z",
                        "4804296: OUT_OF_MEMORY")));

        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_REGION", "us-west-2");
        // Throwaway credentials for these loopback endpoints only: no AWS account accepts them.
        env.put("AWS_ACCESS_KEY_ID", "local");
        env.put("AWS_SECRET_ACCESS_KEY", "local");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_ENDPOINT_URL_S3", s3.endpoint().toString());
        env.put("AWS_ENDPOINT_URL_OMICS", omics.endpoint().toString());
        env.put("AWS_ENDPOINT_URL_SNS", sns.endpoint().toString());
        env.put("AWS_ENDPOINT_URL_CLOUDWATCH", cloudwatch.endpoint().toString());
        env.put("AWS_ENDPOINT_URL_CLOUDWATCH_LOGS", logsStub.endpoint().toString());
        env.put("AWS_ENDPOINT_URL_EVENTBRIDGE", eventbridge.endpoint().toString());
        env.put("AWS_ENDPOINT_URL_ATHENA", athena.endpoint().toString());
        env.put("AWS_ENDPOINT_URL_SCHEDULER", scheduler.endpoint().toString());
        env.put("AWS_ENDPOINT_URL_SESV2", ses.endpoint().toString());
        // Lambda's own variable, which report-generator reads for its own errors (every function gets it in Lambda)
        env.put("AWS_LAMBDA_FUNCTION_NAME", "omics-monitor-bench");
        // the escalation and ack functions' own (issue 16)
        env.put("ALERT_SCHEDULE_GROUP", "omics-monitor-alerts");
        env.put("SCHEDULER_ROLE_ARN", "arn:aws:iam::123456789012:role/omics-monitor-AlertSchedulerRole-B3nch");
        env.put("DEAD_LETTER_QUEUE_ARN", "arn:aws:sqs:us-west-2:123456789012:omics-monitor-AlertEscalationDeadLetterQueue-B3nch");
        env.put("PRICES_FILE", prices.toAbsolutePath().toString());
        env.put("LAKE_BUCKET", BUCKET);
        env.put("LAKE_PREFIX", "lake");
        env.putAll(io.omicsmonitor.local.LocalAws.alertVariables(TOPIC, TOPIC));
        env.put("MONTHLY_BUDGETS", "project:oncology=5000,workflow:4716932=2000");
        env.put("ATHENA_WORKGROUP", "omics-monitor-bench");
        env.put("GLUE_DATABASE", "omics_monitor");
        env.put("METRICS_NAMESPACE", "OmicsMonitor");
        env.put("REPORTS_BUCKET", BUCKET);
        env.put("INFO_TOPIC_ARN", TOPIC);
        env.put("REPORTED_FUNCTIONS", "status-event-recorder=omics-monitor-StatusEventRecorderFunction-B3nch,"
                + "run-analyzer=omics-monitor-RunAnalyzerFunction-B3nch");
        env.put("REPORTED_DEAD_LETTER_QUEUES", "run-analyzer=omics-monitor-RunAnalyzerDeadLetterQueue-B3nch");
        env.put("REPORT_EMAIL_SENDER", "omics-reports@example.org");
        env.put("REPORT_EMAIL_RECIPIENTS", "ops-lead@example.org");
        return new Running(s3, omics, sns, cloudwatch, eventbridge, logsStub, athena, scheduler, ses,
                java.util.Collections.unmodifiableMap(env));
    }

    private static String recorded(String name) {
        return new String(SampleEvents.bytes("recorded/" + name), StandardCharsets.UTF_8);
    }

    /**
     * A generated manifest of {@code tasks} tasks made run 7382915's: its ARNs rewritten to that run in us-west-2,
     * uuid the event's, as the handlers may check the run record against the event.
     */
    static List<String> generated(int tasks) throws IOException {
        StringWriter out = new StringWriter();
        new ManifestGenerator(42, "us-west-2").write(tasks, ManifestGenerator.Format.NDJSON, out);
        String text = out.toString();
        Matcher run = Pattern.compile("arn:aws:omics:us-west-2:123456789012:run/(\\d+)").matcher(text);
        if (run.find()) {
            text = text.replace("run/" + run.group(1) + "\"", "run/7382915\"");
        }
        // the run record comes first: its uuid becomes the event's
        Matcher uuid = Pattern.compile("\"uuid\":\"([a-f0-9-]+)\"").matcher(text);
        if (uuid.find()) {
            text = text.substring(0, uuid.start(1)) + "5f2b8a1e-3c4d-4e6f-9a7b-1c2d3e4f5a6b" + text.substring(uuid.end(1));
        }
        List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
        System.err.printf(Locale.ROOT, "serving a generated manifest: %d records, %.1f MB%n", lines.size(),
                text.length() / 1e6);
        return lines;
    }
}
