package io.omicsmonitor.reportgenerator;

import io.omicsmonitor.reports.Operations;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;
import software.amazon.awssdk.services.cloudwatch.model.StatusCode;

/**
 * The daily report's figures about the stack itself, in one CloudWatch GetMetricData call (paged if CloudWatch pages):
 * AWS/Lambda Errors, summed over the day, for each function; AWS/SQS ApproximateNumberOfMessagesVisible, its maximum
 * over the day, for each dead-letter queue. The stack's names come from the template ({@link #parse}); a day without
 * a data point (a function not invoked, a queue empty and idle, for which SQS publishes nothing) counts 0.
 */
final class OperationsMetrics {

    /** One data point per metric for the day: a period of the whole day. */
    static final int DAY_SECONDS = 86_400;

    /** A function or queue of the stack: its name in the report and the name CloudWatch knows it by. */
    record Named(String label, String resource) {
    }

    private final CloudWatchClient cloudWatch;
    private final List<Named> functions;
    private final List<Named> queues;

    OperationsMetrics(CloudWatchClient cloudWatch, List<Named> functions, List<Named> queues) {
        this.cloudWatch = Objects.requireNonNull(cloudWatch);
        this.functions = List.copyOf(functions);
        this.queues = List.copyOf(queues);
    }

    /**
     * {@code label=name,label=name} (template.yaml's {@code REPORTED_FUNCTIONS} and {@code REPORTED_DEAD_LETTER_QUEUES});
     * anything else is an error naming the variable and the entry.
     */
    static List<Named> parse(String variable, String text) {
        List<Named> named = new ArrayList<>();
        for (String entry : Arrays.stream(text.split(",")).map(String::trim).filter(e -> !e.isEmpty()).toList()) {
            String[] parts = entry.split("=", 2);
            if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                throw new IllegalArgumentException(variable + ": '" + entry + "' is not <label>=<name>");
            }
            named.add(new Named(parts[0].trim(), parts[1].trim()));
        }
        if (named.isEmpty()) {
            throw new IllegalArgumentException(variable + " names nothing: '" + text + "'");
        }
        return named;
    }

    /** The figures of {@code day} (UTC). A metric CloudWatch could not read fails the report, named. */
    Operations of(LocalDate day) {
        List<MetricDataQuery> queries = new ArrayList<>();
        for (int i = 0; i < functions.size(); i++) {
            queries.add(query("f" + i, "AWS/Lambda", "Errors", "FunctionName", functions.get(i).resource(), "Sum"));
        }
        for (int i = 0; i < queues.size(); i++) {
            queries.add(query("q" + i, "AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName",
                    queues.get(i).resource(), "Maximum"));
        }
        Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Map<String, List<Double>> values = new HashMap<>();
        String token = null;
        do {
            String next = token;
            GetMetricDataResponse page = cloudWatch.getMetricData(GetMetricDataRequest.builder().startTime(start)
                    .endTime(end).scanBy(ScanBy.TIMESTAMP_ASCENDING).metricDataQueries(queries).nextToken(next).build());
            for (MetricDataResult r : page.metricDataResults()) {
                if (r.statusCode() == StatusCode.FORBIDDEN || r.statusCode() == StatusCode.INTERNAL_ERROR) {
                    throw new IllegalStateException("CloudWatch could not read " + describe(r.id()) + " for " + day
                            + ": " + r.statusCodeAsString() + " " + r.messages());
                }
                values.computeIfAbsent(r.id(), k -> new ArrayList<>()).addAll(r.values());
            }
            token = page.nextToken();
        } while (token != null);
        List<Operations.Figure> errors = new ArrayList<>();
        for (int i = 0; i < functions.size(); i++) {
            double sum = values.getOrDefault("f" + i, List.of()).stream().mapToDouble(Double::doubleValue).sum();
            errors.add(new Operations.Figure(functions.get(i).label(), functions.get(i).resource(), Math.round(sum)));
        }
        List<Operations.Figure> depth = new ArrayList<>();
        for (int i = 0; i < queues.size(); i++) {
            double max = values.getOrDefault("q" + i, List.of()).stream().mapToDouble(Double::doubleValue).max().orElse(0);
            depth.add(new Operations.Figure(queues.get(i).label(), queues.get(i).resource(), Math.round(max)));
        }
        return Operations.measured(errors, depth);
    }

    private String describe(String id) {
        int i = Integer.parseInt(id.substring(1));
        return id.startsWith("f") ? "the Errors of function " + functions.get(i).resource()
                : "the ApproximateNumberOfMessagesVisible of queue " + queues.get(i).resource();
    }

    private static MetricDataQuery query(String id, String namespace, String metric, String dimension, String value,
            String stat) {
        return MetricDataQuery.builder().id(id).returnData(true).metricStat(s -> s.period(DAY_SECONDS).stat(stat)
                .metric(m -> m.namespace(namespace).metricName(metric).dimensions(d -> d.name(dimension).value(value))))
                .build();
    }
}
