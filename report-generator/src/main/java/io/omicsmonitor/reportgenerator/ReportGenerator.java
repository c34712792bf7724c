package io.omicsmonitor.reportgenerator;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import io.omicsmonitor.athena.AthenaQuery;
import io.omicsmonitor.common.Env;
import io.omicsmonitor.common.aws.AwsClients;
import io.omicsmonitor.common.events.EventEnvelope;
import io.omicsmonitor.common.events.EventReader;
import io.omicsmonitor.common.events.EventSources;
import io.omicsmonitor.common.events.InvalidEventException;
import io.omicsmonitor.common.lambda.EventInvocation;
import io.omicsmonitor.common.log.Log;
import io.omicsmonitor.reports.Operations;
import io.omicsmonitor.reports.Period;
import io.omicsmonitor.reports.Report;
import io.omicsmonitor.reports.ReportQuery;
import io.omicsmonitor.reports.ReportSql;
import io.omicsmonitor.reports.ReportTable;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * Makes one scheduled report (issue 14): EventBridge Scheduler invokes it daily, weekly and monthly with an
 * EventBridge-shaped event ({@value #DETAIL_TYPE}, source omics-monitor, detail {@code {"period": "daily"}}) whose time
 * is the scheduled time; the report covers the whole period before that time's UTC date ({@link Period}), so a retry
 * remakes the same report. Each of the period's statements ({@link ReportSql}) runs on Athena in the stack's
 * workgroup; the page and CSVs ({@link Report#files()}) are written under {@code reports/<period>/<first day>/} in the
 * lake bucket (replacing a retry's own earlier copy), then, if the stack has a sender and recipients, e-mailed through
 * SES once per report ({@link ReportEmail}), and then the plain-text summary with the page's location is published on
 * the info alert topic. The daily report also shows the functions' errors and dead-letter depth of its day, from
 * CloudWatch ({@link OperationsMetrics}). A failed query, metric read, write or e-mail fails the invocation before
 * anything is announced.
 */
public final class ReportGenerator implements RequestStreamHandler {

    public static final String DETAIL_TYPE = "Scheduled Report";
    public static final String WORKGROUP_VARIABLE = "ATHENA_WORKGROUP";
    public static final String DATABASE_VARIABLE = "GLUE_DATABASE";
    public static final String BUCKET_VARIABLE = "REPORTS_BUCKET";
    public static final String TOPIC_VARIABLE = "INFO_TOPIC_ARN";
    public static final String TAG_KEYS_VARIABLE = "COST_ALLOCATION_TAG_KEYS";
    /** {@code label=function name,...}: the stack's functions whose errors the daily report shows (itself apart). */
    public static final String FUNCTIONS_VARIABLE = "REPORTED_FUNCTIONS";
    /** {@code label=queue name,...}: the stack's dead-letter queues whose depth the daily report shows. */
    public static final String QUEUES_VARIABLE = "REPORTED_DEAD_LETTER_QUEUES";
    /**
     * Lambda's own: this function's name. The template cannot name a function in its own environment (a circular
     * reference), so report-generator adds itself to {@link #FUNCTIONS_VARIABLE}'s list under this label.
     */
    static final String OWN_LABEL = "report-generator";
    /** The key prefix of every report in the bucket: outside the lake's prefix, so the crawler never reads them. */
    public static final String PREFIX = "reports/";

    /** Under the function's timeout: each query is stopped, and the invocation fails, before Lambda's end. */
    static final Duration QUERY_TIMEOUT = Duration.ofSeconds(240);
    /** SNS refuses a subject over 100 characters. */
    static final int MAX_SUBJECT = 100;

    private static final Log LOG = Log.of(ReportGenerator.class);

    private final AthenaQuery athena;
    private final S3Client s3;
    private final SnsClient sns;
    private final OperationsMetrics metrics;
    private final Optional<ReportEmail> email;
    private final String bucket;
    private final String topicArn;
    private final List<String> tagKeys;
    private final EventReader reader;
    private final Clock clock;

    /** Lambda's entry: wiring from the environment, once per execution environment. */
    public ReportGenerator() {
        this(Env.system(), AwsClients.fromEnvironment(Env.system()), Clock.systemUTC());
    }

    /** Local runs and tests: the environment and clients passed in. */
    public ReportGenerator(Env env, AwsClients aws, Clock clock) {
        this(env, aws, aws.s3(), clock);
    }

    private ReportGenerator(Env env, AwsClients aws, S3Client s3, Clock clock) {
        this(AthenaQuery.waiting(aws.configure(AthenaClient.builder(), "athena"),
                        new AthenaQuery.Location(env.required(WORKGROUP_VARIABLE), env.required(DATABASE_VARIABLE)),
                        QUERY_TIMEOUT),
                s3, aws.configure(SnsClient.builder(), "sns"), metrics(env, aws),
                ReportEmail.recipients(env.optional(ReportEmail.SENDER_VARIABLE, ""),
                        env.optional(ReportEmail.RECIPIENTS_VARIABLE, "")).map(to -> new ReportEmail(
                        aws.configure(SesV2Client.builder(), "sesv2"), s3, env.required(BUCKET_VARIABLE),
                        env.required(ReportEmail.SENDER_VARIABLE).trim(), to)),
                env.required(BUCKET_VARIABLE), env.required(TOPIC_VARIABLE),
                tagKeys(env.optional(TAG_KEYS_VARIABLE, "project,cost-center")), new EventReader(clock), clock);
    }

    ReportGenerator(AthenaQuery athena, S3Client s3, SnsClient sns, OperationsMetrics metrics,
            Optional<ReportEmail> email, String bucket, String topicArn, List<String> tagKeys, EventReader reader,
            Clock clock) {
        this.athena = Objects.requireNonNull(athena);
        this.s3 = Objects.requireNonNull(s3);
        this.sns = Objects.requireNonNull(sns);
        this.metrics = Objects.requireNonNull(metrics);
        this.email = Objects.requireNonNull(email);
        this.bucket = Objects.requireNonNull(bucket);
        this.topicArn = Objects.requireNonNull(topicArn);
        this.tagKeys = List.copyOf(tagKeys);
        this.reader = Objects.requireNonNull(reader);
        this.clock = Objects.requireNonNull(clock);
    }

    private static OperationsMetrics metrics(Env env, AwsClients aws) {
        List<OperationsMetrics.Named> functions = new ArrayList<>();
        functions.add(new OperationsMetrics.Named(OWN_LABEL, env.required("AWS_LAMBDA_FUNCTION_NAME")));
        functions.addAll(OperationsMetrics.parse(FUNCTIONS_VARIABLE, env.required(FUNCTIONS_VARIABLE)));
        return new OperationsMetrics(aws.configure(CloudWatchClient.builder(), "cloudwatch"), functions,
                OperationsMetrics.parse(QUEUES_VARIABLE, env.required(QUEUES_VARIABLE)));
    }

    static List<String> tagKeys(String text) {
        List<String> keys = Arrays.stream(text.split(",")).map(String::trim).filter(k -> !k.isEmpty()).toList();
        if (keys.isEmpty()) {
            throw new IllegalArgumentException(TAG_KEYS_VARIABLE + " names no tag key: '" + text + "'");
        }
        return keys;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        EventInvocation.handle(input, output, context, reader, this::generate);
    }

    /**
     * What one invocation made.
     *
     * @param page   the page's S3 URI
     * @param keys   every object written (the page, then the CSVs)
     * @param queries Athena's ids of the queries, in order
     * @param emailId SES's message id of the report's e-mail (sent now or by an earlier try), or null without e-mail
     */
    public record Result(String eventId, String period, String page, List<String> keys, List<String> queries,
                         long bytesScanned, String emailId, String messageId) {
    }

    Result generate(EventEnvelope<JsonNode> event) {
        Period period = requireSchedule(event);
        LocalDate today = LocalDate.ofInstant(event.time(), ZoneOffset.UTC);
        List<ReportTable> tables = new ArrayList<>();
        List<String> queries = new ArrayList<>();
        long scanned = 0;
        for (ReportQuery q : ReportSql.queries(period, today, tagKeys)) {
            AthenaQuery.Result answer = athena.run(q.sql());
            queries.add(answer.queryExecutionId());
            scanned += answer.bytesScanned();
            List<List<String>> rows = new ArrayList<>();
            for (List<String> row : answer.rows()) {
                rows.add(row.stream().map(v -> v == null ? "" : v).toList());
            }
            tables.add(new ReportTable(q, answer.columns(), rows));
        }
        Operations operations = period == Period.DAILY ? metrics.of(period.first(today))
                : Operations.measured(List.of(), List.of());
        Report report = new Report(period, today, tables, operations, clock.instant());
        String folder = PREFIX + report.folder() + "/";
        List<String> keys = new ArrayList<>();
        Map<String, String> files = report.files();
        for (Map.Entry<String, String> file : files.entrySet()) {
            String key = folder + file.getKey();
            String type = file.getKey().endsWith(".html") ? "text/html;charset=utf-8" : "text/csv;charset=utf-8";
            s3.putObject(b -> b.bucket(bucket).key(key).contentType(type),
                    RequestBody.fromBytes(file.getValue().getBytes(StandardCharsets.UTF_8)));
            keys.add(key);
        }
        String page = "s3://" + bucket + "/" + folder + Report.PAGE;
        String subject = subject(report.title());
        String text = message(report, page, keys);
        String emailId = null;
        if (email.isPresent()) {
            ReportEmail.Sent sent = email.get().send(event.id(), folder, subject, text, files, clock.instant());
            emailId = sent.messageId();
            LOG.info(sent.before() ? "report e-mail already sent" : "report e-mailed", "period", period.id(),
                    "sesMessageId", emailId, "attached", sent.attached().size());
        }
        String messageId = sns.publish(b -> b.topicArn(topicArn).subject(subject).message(text)).messageId();
        LOG.info("report", "period", period.id(), "page", page, "objects", keys.size(), "bytesScanned", scanned,
                "messageId", messageId);
        return new Result(event.id(), period.id(), page, keys, queries, scanned, emailId, messageId);
    }

    /** The announcement: the summary, then where the page and the CSVs are. */
    static String message(Report report, String page, List<String> keys) {
        StringBuilder text = new StringBuilder(report.title()).append("\n\n");
        report.summary().forEach(line -> text.append(line).append('\n'));
        text.append("\nThe report: ").append(page).append('\n');
        text.append("Its tables as CSV, beside it: ");
        text.append(String.join(", ", keys.subList(1, keys.size()).stream()
                .map(k -> k.substring(k.lastIndexOf('/') + 1)).toList())).append('\n');
        return text.toString();
    }

    static String subject(String title) {
        String subject = "omics-monitor: " + title;
        return subject.length() <= MAX_SUBJECT ? subject : subject.substring(0, MAX_SUBJECT);
    }

    /** Only the stack's schedules send this, with a period; anything else is a wiring mistake, named. */
    private static Period requireSchedule(EventEnvelope<JsonNode> event) {
        EventReader.requireDetailType(event, Set.of(DETAIL_TYPE));
        if (!EventSources.MONITOR.equals(event.source())) {
            throw new InvalidEventException(event.id(), "field 'source' is '" + event.source() + "', but '"
                    + DETAIL_TYPE + "' is accepted only from " + EventSources.MONITOR);
        }
        JsonNode period = event.detail() == null ? null : event.detail().get("period");
        if (period == null || !period.isTextual()) {
            throw new InvalidEventException(event.id(), "field 'detail.period' is missing: daily, weekly or monthly");
        }
        try {
            return Period.parse(period.asText());
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException(event.id(), "field 'detail.period': " + e.getMessage());
        }
    }
}
