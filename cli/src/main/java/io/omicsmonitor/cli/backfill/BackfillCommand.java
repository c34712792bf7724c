package io.omicsmonitor.cli.backfill;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omicsmonitor.cli.AwsFailures;
import io.omicsmonitor.common.Env;
import io.omicsmonitor.common.aws.AwsClients;
import io.omicsmonitor.common.lake.LakeLocation;
import io.omicsmonitor.common.log.Log;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.omics.OmicsClient;
import software.amazon.awssdk.services.omics.model.GetRunResponse;
import software.amazon.awssdk.services.omics.model.RunStatus;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** {@code omics-monitor backfill}: replays historic runs and workflows into the lake. See docs/backfill-and-report.md. */
@Command(name = "backfill", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Replays historic HealthOmics runs (one Run Status Change each, in the run's current status) and workflows "
                + "(one Workflow Status Change per ACTIVE workflow and version) through the same code path as live events.",
            "By default the replay events go on the stack's own EventBridge bus (--event-bus, the stack output "
                + "EventBusName), so the stack's Lambdas do the work; only the stack's backfill role (the stack output "
                + "BackfillRoleArn) may put events there. With --in-process the handlers run here.",
            "Interrupted? Run the same command again: the checkpoint file makes it skip what is done.",
            "Exit code: 0 all replayed, 1 some items failed (listed), 2 bad usage or stopped (no credentials, no permission)."},
        footer = {"", "Examples:",
            "  omics-monitor backfill --since 2026-01-01 --dry-run",
            "  AWS_PROFILE=omics-backfill omics-monitor backfill --since 2026-01-01 --until 2026-06-30 "
                + "--status COMPLETED,FAILED --event-bus omics-monitor-my-stack",
            "  omics-monitor backfill --run-ids 7382915,9103774 --in-process --lake-bucket my-lake --env ALERT_TOPIC_ARN=arn:... --env WARNING_TOPIC_ARN=arn:..."})
public final class BackfillCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--since", paramLabel = "DATE", description = "Only runs created at or after DATE (2026-11-20, "
            + "2026-11-20T12:00:00Z; times without a zone are UTC).")
    String since;

    @Option(names = "--until", paramLabel = "DATE", description = "Only runs created before DATE; a date without a "
            + "time includes that whole day.")
    String until;

    @Option(names = "--status", paramLabel = "STATUS", split = ",", description = "Run statuses to replay "
            + "(default: ${DEFAULT-VALUE}).", defaultValue = "COMPLETED,FAILED,CANCELLED")
    List<String> statuses;

    @Option(names = "--run-ids", paramLabel = "ID", split = ",", description = "Only these runs (GetRun each instead of ListRuns).")
    List<String> runIds = new ArrayList<>();

    @Option(names = "--workflow-id", paramLabel = "ID", description = "Only runs of this workflow.")
    String workflowId;

    @Option(names = "--limit", paramLabel = "N", description = "At most N runs: the first N matching runs in ListRuns "
            + "order (newest first). 0: no limit (default).", defaultValue = "0")
    int limit;

    @Option(names = "--runs-only", description = "Replay runs, not workflows.")
    boolean runsOnly;

    @Option(names = "--workflows-only", description = "Replay workflows and their versions, not runs.")
    boolean workflowsOnly;

    /** Why the default bus is refused: the stack's rules there match only HealthOmics' own events. */
    static final String DEFAULT_BUS = "default";

    @Option(names = "--event-bus", paramLabel = "NAME", description = "The stack's own event bus, where its rules for "
            + "replays are (the stack output EventBusName, omics-monitor-<stack>). Needed unless --in-process or "
            + "--dry-run. Only the stack's backfill role (the stack output BackfillRoleArn) may put events on it.")
    String eventBus;

    @Option(names = "--in-process", description = "Run the stack's handlers in this process instead of putting events "
            + "on the bus (needs --lake-bucket).")
    boolean inProcess;

    @Option(names = "--lake-bucket", paramLabel = "BUCKET", description = "With --in-process: the lake's bucket (LAKE_BUCKET).")
    String lakeBucket;

    @Option(names = "--lake-prefix", paramLabel = "PREFIX", description = "With --in-process: the lake's key prefix "
            + "(LAKE_PREFIX; default: none).", defaultValue = "")
    String lakePrefix;

    @Option(names = "--env", paramLabel = "NAME=VALUE", description = "With --in-process: an environment variable for "
            + "the handlers (repeatable), e.g. ALERT_TOPIC_ARN=arn:aws:sns:...")
    Map<String, String> handlerEnv = new LinkedHashMap<>();

    @Option(names = "--handler-log", paramLabel = "FILE", description = "With --in-process: where the handlers' JSON "
            + "log lines go (default: ${DEFAULT-VALUE}).", defaultValue = ".omics-monitor/backfill-handlers.log")
    Path handlerLog;

    @Option(names = "--concurrency", paramLabel = "N", description = "Items replayed at once (default: ${DEFAULT-VALUE}).",
            defaultValue = "4")
    int concurrency;

    @Option(names = "--rate", paramLabel = "CALLS", description = "Omics API calls per second at most, retries included "
            + "(default: ${DEFAULT-VALUE}).", defaultValue = "5")
    double rate;

    @Option(names = "--dry-run", description = "List what would be replayed; replay nothing, write nothing.")
    boolean dryRun;

    @Option(names = "--checkpoint", paramLabel = "FILE", description = "The resumable checkpoint (default: ${DEFAULT-VALUE}).",
            defaultValue = ".omics-monitor/backfill-checkpoint.json")
    Path checkpointFile;

    @Option(names = "--restart", description = "Ignore the checkpoint's record of what is done (it is then overwritten).")
    boolean restart;

    @Option(names = "--region", paramLabel = "REGION", description = "The AWS region (default: AWS_REGION).")
    String region;

    @Option(names = "--endpoint-url", paramLabel = "URL", description = "Send every AWS call to this endpoint (local "
            + "stubs, tests); AWS_ENDPOINT_URL_<SERVICE> variables work too.")
    String endpointUrl;

    private final Function<Env, AwsClients> awsFactory;
    private final Map<String, String> environment;
    private final Clock clock;
    private final ClientTuning tuning;
    private final Supplier<List<InProcessTarget.Route>> routes;
    private final boolean interactive;

    /** The command line's wiring: the user's environment, default credentials, the stack's handlers. */
    public BackfillCommand() {
        this(AwsClients::fromEnvironment, System.getenv(), Clock.systemUTC(), ClientTuning.production(),
                InProcessTarget::projectStack, System.console() != null);
    }

    BackfillCommand(Function<Env, AwsClients> awsFactory, Map<String, String> environment, Clock clock,
                    ClientTuning tuning, Supplier<List<InProcessTarget.Route>> routes, boolean interactive) {
        this.awsFactory = awsFactory;
        this.environment = environment;
        this.clock = clock;
        this.tuning = tuning;
        this.routes = routes;
        this.interactive = interactive;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RunFilter filter = filter();
        validate();

        AwsClients aws = clients();
        OmicsClient omics = tuning.omics(aws, new TokenBucket(rate));
        Inventory inventory = new Inventory(omics);
        Checkpoint checkpoint;
        try {
            checkpoint = Checkpoint.load(checkpointFile, clock, restart);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        Summary summary = new Summary();

        List<ReplayItem> items = new ArrayList<>();
        try {
            if (!runsOnly) {
                items.addAll(inventory.workflows(warning -> err.println("warning: " + warning)));
            }
            if (!workflowsOnly) {
                items.addAll(inventory.runs(filter, (id, reason) -> summary.failed(ReplayItem.Kind.RUN, id, reason)));
            }
        } catch (RuntimeException e) {
            err.println("error: " + (Failures.isFatal(e) ? Failures.advice(e) : "listing what to replay failed: "
                    + AwsFailures.reason("the listing", e)));
            return 2;
        }
        long done = items.stream().filter(i -> checkpoint.isDone(i.key())).count();
        err.printf("found %d runs, %d workflows, %d workflow versions; %d already done (checkpoint %s)%n",
                count(items, ReplayItem.Kind.RUN), count(items, ReplayItem.Kind.WORKFLOW),
                count(items, ReplayItem.Kind.WORKFLOW_VERSION), done, checkpoint.file());

        if (dryRun) {
            for (ReplayItem item : items) {
                out.printf("%-13s %-17s %-10s %-22s %s%n", checkpoint.isDone(item.key()) ? "already done" : "would replay",
                        item.label(), item.status(), item.time(), item.name() == null ? "" : item.name());
            }
            out.printf("dry run: %d would be replayed, %d already done; nothing was sent%n", items.size() - done, done);
            summary.failures().forEach(f -> out.printf("cannot replay %s %s: %s%n", f.kind().label, f.id(), f.reason()));
            out.flush();
            return summary.clean() ? 0 : 1;
        }

        PrintStream handlerLogStream = null;
        try {
            ReplayTarget target;
            if (inProcess) {
                handlerLogStream = openHandlerLog();
                Log.redirect(handlerLogStream);
                target = inProcessTarget(aws);
            } else {
                target = new EventBusTarget(tuning.eventBridge(aws), eventBus, tuning.baseDelay(), tuning.maxDelay());
            }
            Function<ReplayItem, ObjectNode> events = item -> item.kind() == ReplayItem.Kind.RUN
                    ? runEvent(inventory, item) : ReplayEvents.workflow(item);
            new Backfill(events, target, checkpoint, concurrency, new Progress(err, interactive)).run(items, summary);
        } finally {
            if (handlerLogStream != null) {
                Log.redirect(System.out);
                handlerLogStream.close();
            }
        }
        summary.print(out);
        out.flush();
        if (summary.aborted() != null) {
            err.println("error: " + summary.aborted());
            return 2;
        }
        return summary.clean() ? 0 : 1;
    }

    private static ObjectNode runEvent(Inventory inventory, ReplayItem item) {
        GetRunResponse run;
        try {
            run = inventory.details(item);
        } catch (RuntimeException e) {
            if (Failures.isFatal(e)) {
                throw e;
            }
            throw new Failures.ItemFailed(AwsFailures.reason("GetRun", e), e);
        }
        return ReplayEvents.run(item, run, inventory.workflowName(run));
    }

    private RunFilter filter() {
        Set<RunStatus> wanted = EnumSet.noneOf(RunStatus.class);
        for (String s : statuses) {
            RunStatus status = RunStatus.fromValue(s.trim().toUpperCase(Locale.ROOT));
            if (status == null || status == RunStatus.UNKNOWN_TO_SDK_VERSION) {
                throw usage("--status '" + s + "' is not a run status; use one or more of PENDING, STARTING, RUNNING, "
                        + "STOPPING, COMPLETED, DELETED, CANCELLED, FAILED");
            }
            wanted.add(status);
        }
        try {
            Instant from = since == null ? null : Dates.start(since);
            Instant to = until == null ? null : Dates.endExclusive(until);
            return new RunFilter(from, to, wanted, runIds, workflowId, limit);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private void validate() {
        if (runsOnly && workflowsOnly) {
            throw usage("--runs-only and --workflows-only exclude each other");
        }
        if (concurrency < 1 || concurrency > 64) {
            throw usage("--concurrency must be between 1 and 64, not " + concurrency);
        }
        if (!(rate > 0) || rate > 1000) {
            throw usage("--rate must be more than 0 and at most 1000 calls per second, not " + rate);
        }
        if (inProcess && !dryRun && (lakeBucket == null || lakeBucket.isBlank())) {
            throw usage("--in-process needs --lake-bucket: the bucket the handlers write the lake to");
        }
        if (!inProcess && (lakeBucket != null || !handlerEnv.isEmpty())) {
            throw usage("--lake-bucket and --env only apply with --in-process");
        }
        if (!inProcess && !dryRun && (eventBus == null || eventBus.isBlank())) {
            throw usage("putting replays on EventBridge needs --event-bus: the stack's own bus (the stack output "
                    + "EventBusName); put them as the stack's backfill role (the stack output BackfillRoleArn), the only "
                    + "principal besides the run-analyzer that may put events on it");
        }
        if (eventBus != null && (eventBus.equals(DEFAULT_BUS) || eventBus.endsWith(":event-bus/" + DEFAULT_BUS))) {
            throw usage("--event-bus default: the stack's rules on the default bus take only HealthOmics' own events "
                    + "(source aws.omics, this account), so replays put there would reach no function; pass the stack's "
                    + "own bus (the stack output EventBusName)");
        }
    }

    private AwsClients clients() {
        Map<String, String> env = new HashMap<>(environment);
        if (region != null) {
            env.put("AWS_REGION", region);
        }
        if (endpointUrl != null) {
            env.put("AWS_ENDPOINT_URL", endpointUrl);
        }
        if (new Env(env).optional("AWS_REGION").isEmpty()) {
            throw usage("no AWS region: pass --region (e.g. --region us-east-1) or set AWS_REGION");
        }
        return awsFactory.apply(new Env(env));
    }

    private ReplayTarget inProcessTarget(AwsClients aws) {
        LakeLocation lake = new LakeLocation(lakeBucket, lakePrefix);
        S3Client s3 = aws.s3();
        try {
            s3.headBucket(b -> b.bucket(lake.bucket()));
        } catch (S3Exception e) {
            throw usage("the lake bucket '" + lake.bucket() + "' " + (e.statusCode() == 404 ? "does not exist"
                    : "cannot be read (" + AwsFailures.reason("HeadBucket", e) + ")") + ": check --lake-bucket and --region");
        }
        Map<String, String> env = new HashMap<>(environment);
        env.putAll(handlerEnv);
        env.put(LakeLocation.BUCKET_VARIABLE, lake.bucket());
        env.put(LakeLocation.PREFIX_VARIABLE, lake.prefix());
        env.put("AWS_REGION", aws.region().id());
        try {
            return new InProcessTarget(routes.get(), concurrency, new Env(env), aws, clock);
        } catch (IllegalStateException e) {
            throw usage(e.getMessage());
        }
    }

    private PrintStream openHandlerLog() {
        try {
            Path folder = handlerLog.toAbsolutePath().getParent();
            Files.createDirectories(folder);
            return new PrintStream(Files.newOutputStream(handlerLog), true, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw usage("cannot write the handler log " + handlerLog + ": " + e.getMessage());
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    private static long count(List<ReplayItem> items, ReplayItem.Kind kind) {
        return items.stream().filter(i -> i.kind() == kind).count();
    }
}
