package io.omicsmonitor.budgets;

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
import io.omicsmonitor.common.lambda.SnapStartPriming;
import io.omicsmonitor.common.log.Log;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;

/**
 * Publishes each monthly budget's month-to-date estimated spend ({@link BudgetMetrics}): one Athena query over the
 * lake's run_analysis ({@link BudgetQuery}), one PutMetricData. EventBridge Scheduler invokes it hourly with an
 * EventBridge-shaped event ({@value #DETAIL_TYPE}, source omics-monitor) whose id is the schedule's execution id and
 * whose time is the scheduled time: the month is that time's (UTC), so a retry late in a month's last hour still
 * publishes that month, and the first run of a month starts again from that month's runs alone.
 *
 * <p>The budgets are read and checked when the function starts (MONTHLY_BUDGETS, the MonthlyBudgets parameter): a
 * wrong entry fails the start with every problem named (with SnapStart, the deployment). A failed query or
 * PutMetricData fails the invocation; Lambda retries it, then its dead-letter queue keeps the event.
 */
public final class BudgetMonitor implements RequestStreamHandler {

    public static final String DETAIL_TYPE = "Budget Check";
    public static final String BUDGETS_VARIABLE = "MONTHLY_BUDGETS";
    public static final String WORKGROUP_VARIABLE = "ATHENA_WORKGROUP";
    public static final String DATABASE_VARIABLE = "GLUE_DATABASE";

    /** Under the function's 300 s timeout: the query is stopped, and the invocation fails, before Lambda's end. */
    static final Duration QUERY_TIMEOUT = Duration.ofSeconds(240);

    private static final Log LOG = Log.of(BudgetMonitor.class);

    /** Priming's event: fixed id and time, nothing random or time-bound. */
    static final String PRIMING_EVENT = """
            {"version":"0","id":"snapstart-priming-budgets","detail-type":"Budget Check","source":"omics-monitor",
             "account":"123456789012","time":"2026-01-01T00:25:00Z","region":"us-east-1",
             "resources":["arn:aws:scheduler:us-east-1:123456789012:schedule/priming/priming"],"detail":{}}
            """;

    private final List<Budget> budgets;
    private final AthenaQuery athena;
    private final CloudWatchClient cloudWatch;
    private final String namespace;
    private final EventReader reader;

    /** Lambda's entry: wiring from the environment, once per execution environment; primed for SnapStart. */
    public BudgetMonitor() {
        this(Env.system(), AwsClients.fromEnvironment(Env.system()), Clock.systemUTC());
        SnapStartPriming.register(BudgetMonitor.class, this::prime);
    }

    /** Local runs and tests: the environment and clients passed in; Athena's waits really wait. */
    public BudgetMonitor(Env env, AwsClients aws, Clock clock) {
        this(MonthlyBudgets.parse(env.optional(BUDGETS_VARIABLE, "")),
                AthenaQuery.waiting(aws.configure(AthenaClient.builder(), "athena"),
                        new AthenaQuery.Location(env.required(WORKGROUP_VARIABLE), env.required(DATABASE_VARIABLE)),
                        QUERY_TIMEOUT),
                aws.configure(CloudWatchClient.builder(), "cloudwatch"),
                env.required(BudgetMetrics.NAMESPACE_VARIABLE), new EventReader(clock));
    }

    BudgetMonitor(List<Budget> budgets, AthenaQuery athena, CloudWatchClient cloudWatch, String namespace,
                  EventReader reader) {
        this.budgets = List.copyOf(budgets);
        this.athena = Objects.requireNonNull(athena);
        this.cloudWatch = Objects.requireNonNull(cloudWatch);
        this.namespace = Objects.requireNonNull(namespace);
        this.reader = Objects.requireNonNull(reader);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        EventInvocation.handle(input, output, context, reader, this::check);
    }

    /** One budget's figures as published. */
    public record Published(String budget, double monthlyUsd, long runs, double spendUsd, double usedPercent) {
    }

    /**
     * What one invocation published.
     *
     * @param month           the month (UTC) the figures are for, {@code 2026-12}
     * @param queryExecutionId Athena's id of the query, or null when there are no budgets
     */
    public record Result(String eventId, String month, String namespace, List<Published> budgets,
                         String queryExecutionId, long bytesScanned, int dataPoints) {
    }

    Result check(EventEnvelope<JsonNode> event) {
        requireSchedule(event);
        LocalDate day = LocalDate.ofInstant(event.time(), ZoneOffset.UTC);
        String month = day.toString().substring(0, 7);
        if (budgets.isEmpty()) {
            LOG.info("no budgets: nothing queried or published", "month", month);
            return new Result(event.id(), month, namespace, List.of(), null, 0, 0);
        }
        AthenaQuery.Result answer = athena.run(BudgetQuery.sql(budgets, day));
        List<BudgetMetrics.Spend> spends = spends(answer);
        List<MetricDatum> datums = BudgetMetrics.datums(spends, event.time());
        cloudWatch.putMetricData(b -> b.namespace(namespace).metricData(datums));
        List<Published> published = new ArrayList<>();
        for (BudgetMetrics.Spend s : spends) {
            published.add(new Published(s.budget().name(), s.budget().monthlyUsd().doubleValue(), s.runs(),
                    s.spendUsd(), s.usedPercent()));
            LOG.info("budget", "budget", s.budget().name(), "month", month, "spendUsd", s.spendUsd(),
                    "usedPercent", s.usedPercent(), "runs", s.runs());
        }
        return new Result(event.id(), month, namespace, published, answer.queryExecutionId(), answer.bytesScanned(),
                datums.size());
    }

    /** The query's rows, one per budget in order; anything else is a query that does not answer what was asked. */
    private List<BudgetMetrics.Spend> spends(AthenaQuery.Result answer) {
        if (answer.rows().size() != budgets.size()) {
            throw new IllegalStateException("Athena query " + answer.queryExecutionId() + " returned "
                    + answer.rows().size() + " rows for " + budgets.size() + " budgets");
        }
        List<BudgetMetrics.Spend> spends = new ArrayList<>();
        for (int i = 0; i < budgets.size(); i++) {
            Budget budget = budgets.get(i);
            String name = answer.value(i, BudgetQuery.BUDGET);
            if (!budget.name().equals(name)) {
                throw new IllegalStateException("Athena query " + answer.queryExecutionId() + " row " + (i + 1)
                        + " is budget '" + name + "', expected '" + budget.name() + "'");
            }
            spends.add(new BudgetMetrics.Spend(budget, Long.parseLong(answer.value(i, BudgetQuery.RUNS)),
                    Double.parseDouble(answer.value(i, BudgetQuery.SPEND_USD))));
        }
        return spends;
    }

    /** Only the stack's schedule sends this; another detail-type or source is a wiring mistake. */
    private static void requireSchedule(EventEnvelope<?> event) {
        EventReader.requireDetailType(event, Set.of(DETAIL_TYPE));
        if (!EventSources.MONITOR.equals(event.source())) {
            throw new InvalidEventException(event.id(), "field 'source' is '" + event.source() + "', but '"
                    + DETAIL_TYPE + "' is accepted only from " + EventSources.MONITOR);
        }
    }

    /** SnapStart priming: the event read, the query built and its calls and PutMetricData marshalled, none sent. */
    void prime() {
        SnapStartPriming.invocation(reader, PRIMING_EVENT, event -> {
            requireSchedule(event);
            LocalDate day = LocalDate.ofInstant(event.time(), ZoneOffset.UTC);
            List<Budget> sample = budgets.isEmpty()
                    ? MonthlyBudgets.parse("project:priming=100,workflow:1000000=100") : budgets;
            athena.prime(BudgetQuery.sql(sample, day));
            List<BudgetMetrics.Spend> spends = sample.stream().map(b -> new BudgetMetrics.Spend(b, 1, 1.0)).toList();
            List<MetricDatum> datums = BudgetMetrics.datums(spends, event.time());
            SnapStartPriming.dryRun("cloudwatch:PutMetricData", () -> cloudWatch.putMetricData(b -> b
                    .namespace(namespace).metricData(datums).overrideConfiguration(SnapStartPriming.DRY_RUN)));
            return new Result(event.id(), day.toString().substring(0, 7), namespace, List.of(), null, 0, datums.size());
        });
    }
}
