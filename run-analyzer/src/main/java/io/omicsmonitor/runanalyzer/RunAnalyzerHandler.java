package io.omicsmonitor.runanalyzer;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.omicsmonitor.analyzer.JsonPriceBook;
import io.omicsmonitor.analyzer.PriceBook;
import io.omicsmonitor.analyzer.RunAnalysis;
import io.omicsmonitor.analyzer.RunAnalyzer;
import io.omicsmonitor.analyzer.StatsCsv;
import io.omicsmonitor.common.Env;
import io.omicsmonitor.common.aws.AwsClients;
import io.omicsmonitor.common.events.DetailTypes;
import io.omicsmonitor.common.events.EventEnvelope;
import io.omicsmonitor.common.events.EventReader;
import io.omicsmonitor.common.events.EventSources;
import io.omicsmonitor.common.events.RunAnalysisCompleted;
import io.omicsmonitor.common.events.RunStatusChange;
import io.omicsmonitor.common.lake.DataLake;
import io.omicsmonitor.common.lake.LakeLocation;
import io.omicsmonitor.common.lake.Tables;
import io.omicsmonitor.common.lambda.EventInvocation;
import io.omicsmonitor.common.lambda.SnapStartPriming;
import io.omicsmonitor.common.log.Log;
import io.omicsmonitor.json.JsonWriter;
import io.omicsmonitor.manifest.IncompleteManifestException;
import io.omicsmonitor.manifest.Manifest;
import io.omicsmonitor.manifest.TaskRecord;
import io.omicsmonitor.manifest.logs.ManifestLogReader;
import io.omicsmonitor.manifest.logs.OmicsRuns;
import io.omicsmonitor.manifest.logs.RunAttribution;
import io.omicsmonitor.manifest.logs.TerminalRunEvents;
import io.omicsmonitor.pricelist.PriceListPriceBook;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;
import software.amazon.awssdk.services.omics.model.GetRunResponse;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * When a run ends (COMPLETED, FAILED, CANCELLED), runs the HealthOmics Run Analyzer's algorithm on its manifest and
 * writes the result: the upstream stats CSV ({@code run_analysis_csv/.../<runId>.csv}), then the {@code run_analysis}
 * object (the run row with the whole-run totals, then one row per task), both filed under the run's creation date;
 * then puts one {@code Run Analysis Completed} event on the bus. A replay overwrites both objects and puts the event
 * again. The run row carries who the run is charged to (workflow, user, tags), from one GetRun per invocation.
 *
 * <p>A run that never started (cancelled or failed while PENDING: GetRun has no {@code startTime}) gets no manifest
 * from HealthOmics: instead of failing until the dead-letter queue, its {@code run_analysis} run row is written from
 * GetRun (no tasks, no metrics, a cost of 0), with no CSV and no event, and the invocation succeeds.
 */
public final class RunAnalyzerHandler implements RequestStreamHandler {

    public static final String HEADROOM_VARIABLE = "HEADROOM";
    public static final String PRICES_FILE_VARIABLE = "PRICES_FILE";
    public static final String EVENT_BUS_VARIABLE = "EVENT_BUS_NAME";
    /** The CSV's prefix under the lake prefix; the Glue crawler excludes it (it is not a JSON table). */
    public static final String CSV_PREFIX = "run_analysis_csv";

    private static final Log LOG = Log.of(RunAnalyzerHandler.class);

    private final EventReader reader;
    private final ManifestLogReader manifests;
    private final OmicsRuns runs;
    private final PriceBook prices;
    private final RunAnalyzer analyzer;
    private final double headroom;
    private final DataLake lake;
    private final S3Client s3;
    private final EventBridgeClient events;
    private final String eventBus;

    /**
     * Lambda's entry: wiring from the environment, once per execution environment (the price cache lives as long);
     * primed for SnapStart.
     */
    public RunAnalyzerHandler() {
        this(Env.system(), AwsClients.fromEnvironment(Env.system()), Clock.systemUTC());
        SnapStartPriming.register(RunAnalyzerHandler.class, this::prime);
    }

    /** Local runs and tests: the environment, the clients and the clock passed in. */
    public RunAnalyzerHandler(Env env, AwsClients aws, Clock clock) {
        this(env, aws, aws.s3(), clock);
    }

    private RunAnalyzerHandler(Env env, AwsClients aws, S3Client s3, Clock clock) {
        this(new EventReader(clock), ManifestLogReader.fromEnvironment(env, aws), OmicsRuns.fromEnvironment(aws),
                FunctionPrices.fromEnvironment(env, priceBook(env, aws), s3), headroom(env),
                new DataLake(s3, LakeLocation.fromEnvironment(env)), s3,
                aws.configure(EventBridgeClient.builder(), "eventbridge"), env.optional(EVENT_BUS_VARIABLE, "default"));
    }

    RunAnalyzerHandler(EventReader reader, ManifestLogReader manifests, OmicsRuns runs, PriceBook prices,
                       double headroom, DataLake lake, S3Client s3, EventBridgeClient events, String eventBus) {
        this.reader = Objects.requireNonNull(reader);
        this.manifests = Objects.requireNonNull(manifests);
        this.runs = Objects.requireNonNull(runs);
        this.prices = Objects.requireNonNull(prices);
        this.analyzer = new RunAnalyzer(prices);
        this.headroom = headroom;
        this.lake = Objects.requireNonNull(lake);
        this.s3 = Objects.requireNonNull(s3);
        this.events = Objects.requireNonNull(events);
        this.eventBus = Objects.requireNonNull(eventBus);
    }

    /**
     * SnapStart priming: a completed run's event read, its manifest analyzed and the results written and announced as
     * {@link #analyze} does, with every AWS call (GetLogEvents, GetRun, the CSV's and the analysis' PUTs, PutEvents,
     * and GetProducts when prices come from the Price List API) marshalled and signed but not sent; nothing is
     * written.
     */
    void prime() {
        SnapStartPriming.invocation(reader, TerminalRunEvents.PRIMING_EVENT, envelope -> {
            EventEnvelope<RunStatusChange> event = TerminalRunEvents.read(envelope);
            RunStatusChange change = event.detail();
            Manifest manifest = manifests.prime(ManifestLogReader.PRIMING_MANIFEST);
            runs.prime(change.runId());
            // The bundled prices, not the function's book: a Price List answer cached now would be restored into every
            // execution environment from the snapshot, and the priming would depend on the Price List API.
            RunAnalysis analysis = new RunAnalyzer(JsonPriceBook.defaults()).analyze(manifest, headroom);
            PriceBook publicPrices = prices instanceof FunctionPrices function ? function.publicPrices() : prices;
            if (publicPrices instanceof PriceListPriceBook priceList) {
                priceList.prime(analysis.region(), manifest.tasks().get(0).instanceType());
            }
            String runId = manifest.run().runId();
            Instant partition = TerminalRunEvents.partitionTime(manifest.run(), event);
            String bucket = lake.location().bucket();

            String csvKey = csvKey(partition, runId);
            byte[] csv = StatsCsv.toString(analysis).getBytes(StandardCharsets.UTF_8);
            SnapStartPriming.dryRun("s3:PutObject", () -> s3.putObject(b -> b.bucket(bucket).key(csvKey)
                    .contentType("text/csv").overrideConfiguration(SnapStartPriming.DRY_RUN), RequestBody.fromBytes(csv)));
            // the rows as one list: the same row serializer as the real NDJSON object, in one dry write
            String analysisKey = lake.key(Tables.RUN_ANALYSIS, partition, runId);
            RunTotals totals = RunTotals.of(manifest, analysis);
            List<AnalysisRow> rows = new ArrayList<>();
            rows(manifest, analysis, totals, change, RunAttribution.UNKNOWN).forEach(rows::add);
            SnapStartPriming.lakeWrite(s3, bucket, analysisKey, rows);

            RunAnalysisCompleted detail = AnalysisEvent.of(change, manifest, analysis, totals, lake.uri(analysisKey));
            SnapStartPriming.dryRun("events:PutEvents", () -> events.putEvents(putEventsRequest(detail)
                    .andThen(b -> b.overrideConfiguration(SnapStartPriming.DRY_RUN))));
            return new Result(event.id(), runId, change.status().name(), lake.uri(analysisKey), lake.uri(csvKey),
                    null, null);
        });
    }

    /**
     * The public prices: an offline price book when {@code PRICES_FILE} names one, else the Price List API. A
     * customer's book and discount go over them ({@link FunctionPrices}).
     */
    static PriceBook priceBook(Env env, AwsClients aws) {
        return env.optional(PRICES_FILE_VARIABLE)
                .<PriceBook>map(file -> {
                    try {
                        return JsonPriceBook.read(Path.of(file));
                    } catch (IOException | RuntimeException e) {
                        throw new Env.ConfigurationException(PRICES_FILE_VARIABLE + " is '" + file
                                + "', which is not a readable price book: " + e.getMessage());
                    }
                })
                .orElseGet(() -> new PriceListPriceBook(PriceListPriceBook.client(aws)));
    }

    /** The fraction added to observed maxima before right-sizing: 0 (the default) to 1. */
    static double headroom(Env env) {
        String text = env.optional(HEADROOM_VARIABLE, "0");
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            value = Double.NaN;
        }
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new Env.ConfigurationException(HEADROOM_VARIABLE + " is '" + text
                    + "', expected a fraction from 0 to 1, like 0.1 for 10% above the observed maxima");
        }
        return value;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        EventInvocation.handle(input, output, context, reader, this::analyze);
    }

    /**
     * What one invocation did: the objects written and the event put, or why nothing was done.
     *
     * @param skipped null when the run was analyzed
     */
    public record Result(String eventId, String runId, String status, String analysisObject, String csvObject,
                         String analysisEventId, String skipped) {
    }

    Result analyze(EventEnvelope<JsonNode> envelope) {
        EventEnvelope<RunStatusChange> event = TerminalRunEvents.read(envelope);
        RunStatusChange change = event.detail();
        if (!change.status().terminal()) {
            LOG.info("run has not ended: nothing to analyze");
            return new Result(event.id(), change.runId(), change.status().name(), null, null, null,
                    "status " + change.status() + " is not terminal");
        }
        Manifest manifest;
        try {
            manifest = manifests.read(change.runId(), change.uuid());
        } catch (IncompleteManifestException missing) {
            return recordNeverStarted(event, OmicsRuns.neverStartedOrThrow(runs.get(change.runId()), missing));
        }
        RunAttribution attribution = RunAttribution.of(runs.get(change.runId()));
        RunAnalysis analysis = analyzer.analyze(manifest, headroom);
        RunTotals totals = RunTotals.of(manifest, analysis);
        if (!analysis.pricesComplete()) {
            LOG.warn("prices missing: these costs are blank and the totals leave them out",
                    "resourceTypes", analysis.missingPricesSorted(), "region", analysis.region());
        }
        String runId = manifest.run().runId();
        Instant partition = TerminalRunEvents.partitionTime(manifest.run(), event);

        String csvKey = csvKey(partition, runId);
        lake.putFile(csvKey, StatsCsv.toString(analysis).getBytes(StandardCharsets.UTF_8), "text/csv");
        String analysisKey = lake.putLines(Tables.RUN_ANALYSIS, partition, runId,
                rows(manifest, analysis, totals, change, attribution));

        RunAnalysisCompleted detail = AnalysisEvent.of(change, manifest, analysis, totals, lake.uri(analysisKey));
        String eventId = put(detail);
        LOG.info("run analyzed", "analysisObject", lake.uri(analysisKey), "csvObject", lake.uri(csvKey),
                "tasks", analysis.tasks().size(), "cacheHits", totals.cacheHits(), "estimatedUsd",
                totals.estimatedUsd(), "potentialSavingUsd", totals.potentialSavingUsd(), "analysisEventId", eventId);
        return new Result(event.id(), runId, change.status().name(), lake.uri(analysisKey), lake.uri(csvKey),
                eventId, null);
    }

    /** The run row of a run that never started, from GetRun: nothing ran, nothing to analyze, announce or copy to CSV. */
    private Result recordNeverStarted(EventEnvelope<RunStatusChange> event, GetRunResponse run) {
        RunStatusChange change = event.detail();
        Instant partition = run.creationTime() != null ? run.creationTime() : event.time();
        String analysisKey = lake.putLines(Tables.RUN_ANALYSIS, partition, change.runId(),
                List.of(AnalysisRow.neverStarted(change.runId(), run, headroom, change.arn().region(), change)));
        LOG.info("run never started: no manifest; run row written from GetRun", "analysisObject", lake.uri(analysisKey));
        return new Result(event.id(), change.runId(), change.status().name(), lake.uri(analysisKey), null, null,
                "the run never started (GetRun has no startTime): HealthOmics writes no manifest for it, so its "
                        + "run_analysis row comes from GetRun, with no tasks and a cost of 0; no CSV, no event");
    }

    /** {@code <prefix>run_analysis_csv/year=YYYY/month=MM/day=DD/<runId>.csv}: the table key's layout, as a CSV. */
    private String csvKey(Instant partition, String runId) {
        String key = lake.key(CSV_PREFIX, partition, runId);
        return key.substring(0, key.length() - ".json".length()) + ".csv";
    }

    /** The run row, then the task rows in manifest order, made as the object is written (never all held at once). */
    private static Iterable<AnalysisRow> rows(Manifest manifest, RunAnalysis analysis, RunTotals totals,
                                              RunStatusChange change, RunAttribution attribution) {
        String runId = manifest.run().runId();
        List<TaskRecord> tasks = manifest.tasks();
        return () -> Stream.concat(
                Stream.of(AnalysisRow.run(runId, manifest, analysis, totals, change, attribution)),
                IntStream.range(0, tasks.size())
                        .mapToObj(i -> AnalysisRow.task(runId, tasks.get(i), analysis.tasks().get(i))))
                .iterator();
    }

    /** Puts the event; an entry EventBridge did not take fails the invocation, so the retry puts it again. */
    private String put(RunAnalysisCompleted detail) {
        PutEventsResponse response = events.putEvents(putEventsRequest(detail));
        PutEventsResultEntry entry = response.entries().isEmpty() ? null : response.entries().get(0);
        boolean failed = response.failedEntryCount() != null && response.failedEntryCount() > 0;
        if (failed || entry == null || entry.eventId() == null) {
            throw new IllegalStateException("EventBridge did not take the " + DetailTypes.RUN_ANALYSIS_COMPLETED
                    + " event for run " + detail.runId() + " on bus " + eventBus + ": "
                    + (entry == null ? "no result entry" : entry.errorCode() + " " + entry.errorMessage()));
        }
        return entry.eventId();
    }

    /** The one-entry PutEvents request for {@code detail}: what {@link #put} sends, and priming marshals. */
    private Consumer<PutEventsRequest.Builder> putEventsRequest(RunAnalysisCompleted detail) {
        String json;
        try {
            json = JsonWriter.toString(detail);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("could not serialise the analysis event", e);
        }
        return b -> b.entries(e -> e
                .eventBusName(eventBus)
                .source(EventSources.MONITOR)
                .detailType(DetailTypes.RUN_ANALYSIS_COMPLETED)
                .resources(detail.runArn())
                .detail(json));
    }
}
