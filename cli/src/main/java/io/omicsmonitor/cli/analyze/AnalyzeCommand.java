package io.omicsmonitor.cli.analyze;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.omicsmonitor.analyzer.BatchAnalyzer;
import io.omicsmonitor.analyzer.BatchCsv;
import io.omicsmonitor.analyzer.BatchRow;
import io.omicsmonitor.analyzer.DiscountedPriceBook;
import io.omicsmonitor.analyzer.JsonPriceBook;
import io.omicsmonitor.analyzer.PriceBook;
import io.omicsmonitor.analyzer.RunAnalysis;
import io.omicsmonitor.analyzer.RunAnalyzer;
import io.omicsmonitor.analyzer.StatsCsv;
import io.omicsmonitor.cli.AwsOptions;
import io.omicsmonitor.cli.UserError;
import io.omicsmonitor.common.log.Log;
import io.omicsmonitor.manifest.IncompleteManifestException;
import io.omicsmonitor.manifest.InvalidManifestException;
import io.omicsmonitor.manifest.Manifest;
import io.omicsmonitor.manifest.ManifestParser;
import io.omicsmonitor.mapper.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code analyze}: the HealthOmics Run Analyzer, on a finished run of the account (GetRun, its manifest from CloudWatch
 * Logs, Price List API prices), on the runs that finished within {@code --time}, or offline on a saved manifest.
 */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = {"Runs the HealthOmics Run Analyzer's algorithm on finished runs: per task and per run cost, "
                + "utilization and right-sizing, as omics-run-analyzer does.",
            "The runs: run ids (their manifests read from CloudWatch Logs, /aws/omics/WorkflowLog "
                + "manifest/run/<id>/<uuid>, priced with the AWS Price List API), --time (the runs that finished "
                + "within it), or --manifest, a saved manifest: a JSON array of records (as --show prints) or NDJSON "
                + "(one record a line), priced offline.", ""},
        footer = {"", "Examples:",
            "  omics-monitor analyze 1234567 --region us-west-2",
            "  omics-monitor analyze 1234567 --out run-1234567.csv --headroom 0.1",
            "  omics-monitor analyze 1234567 --show",
            "  omics-monitor analyze --time 1d",
            "  omics-monitor analyze --batch --time 1w --out week.csv",
            "  omics-monitor analyze --manifest events/recorded/logs/manifest-run-7382915.ndjson",
            "  omics-monitor analyze --manifest run.json --headroom 0.1 --format json",
            "  omics-monitor analyze --batch --manifest a.ndjson --manifest b.ndjson",
            "  omics-monitor analyze --manifest a.ndjson --manifest b.ndjson --write-config resources.config --headroom 0.1",
            "  omics-monitor analyze --lake .omics-monitor/lake --workflow-id 4716932 --since 2026-11-01 --write-config wf.json --wdl-workflow Germline",
            "  omics-monitor analyze --manifest run.ndjson --timeline timeline.csv"})
public final class AnalyzeCommand implements Callable<Integer> {

    public enum Format { csv, json }

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "RUN_ID", arity = "0..*",
            description = "A finished run of the account: its id, id:uuid, or its ARN (several: a list, or with --batch "
                    + "their aggregate).")
    List<String> runIds;

    @Option(names = "--time", paramLabel = "INTERVAL",
            description = "The runs that finished (COMPLETED, FAILED, CANCELLED) within this interval before now: "
                    + "30m, 12h, 1d, 2w (a list; with --batch their aggregate).")
    String time;

    @Option(names = "--manifest", paramLabel = "FILE",
            description = "A saved run manifest, analyzed offline (repeat for several runs, with --batch, --write-config or --timeline).")
    List<Path> manifests;

    @Option(names = "--prices", paramLabel = "FILE",
            description = "A price book {\"regions\":{\"<region>\":{\"<resourceType>\":<USD per hour>}}}, used "
                    + "instead of any other prices; default: the AWS Price List API for runs of the account, the "
                    + "analyzer's bundled prices for --manifest.")
    Path prices;

    @Option(names = "--price-list",
            description = "Price --manifest with the AWS Price List API (needs credentials) instead of the bundled prices.")
    boolean priceList;

    @Option(names = "--show", description = "Print the run's manifest records as JSON, as HealthOmics wrote them.")
    boolean show;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the output to FILE (replaced once complete) "
            + "instead of standard output.")
    Path outFile;

    @Option(names = "--discount", paramLabel = "F",
            description = "A discount off every price, from 0 to below 1 (0.15 = 15% off), as the stack's PriceDiscount.")
    String discount;

    @Option(names = "--headroom", paramLabel = "H", defaultValue = "0.0",
            description = "Fraction added to the observed maxima before right-sizing, 0..1 (default: ${DEFAULT-VALUE}).")
    double headroom;

    @Option(names = "--format", defaultValue = "csv",
            description = "csv (exactly the upstream stats CSV; with --batch its batch CSV) or json. Default: ${DEFAULT-VALUE}.")
    Format format;

    @Option(names = "--batch", description = "Aggregate the tasks of all the runs (or manifests) by task base name (upstream's batch "
            + "mode); runs of different engines are refused.")
    boolean batch;

    @Option(names = "--price-region", paramLabel = "R",
            description = "The region whose prices apply (default: the run ARN's, as upstream).")
    String region;

    @Option(names = "--engine", paramLabel = "ENGINE",
            description = "WDL, NEXTFLOW or CWL: how --batch and --write-config find task base names (default: the "
                    + "run record's engine).")
    String engine;

    @Mixin
    AnalyzeFiles files = new AnalyzeFiles(); // set here too: AnalyzeMain runs the command without picocli

    @Mixin
    AwsOptions awsOptions;

    /** Where the command writes when {@link AnalyzeMain} runs it without picocli (spec is then null). */
    PrintWriter out;
    PrintWriter err;

    /**
     * The AWS wiring, for runs of the account: tests pass theirs; null (the command line's) means the user's
     * credentials and environment, looked up only when a run is asked for, so that an offline analysis loads no SDK.
     */
    private final AwsOptions.ClientFactory clients;
    private final Map<String, String> environment;
    private final Clock clock;

    public AnalyzeCommand() {
        this(null, null, null);
    }

    AnalyzeCommand(AwsOptions.ClientFactory clients, Map<String, String> environment, Clock clock) {
        this.clients = clients;
        this.environment = environment;
        this.clock = clock;
    }

    private PrintWriter out() {
        return spec != null ? spec.commandLine().getOut() : out;
    }

    private PrintWriter err() {
        return spec != null ? spec.commandLine().getErr() : err;
    }

    @Override
    public Integer call() throws IOException {
        if ((manifests != null && !manifests.isEmpty()) && !priceList) {
            return analyze();
        }
        // The functions' classes this uses (the manifest reader, the Price List book) log JSON lines for CloudWatch on
        // standard output, where this command writes its CSV: dropped here, every failure is a message of its own.
        Log.redirect(new PrintStream(OutputStream.nullOutputStream()));
        try {
            return analyze();
        } finally {
            Log.redirect(System.out);
        }
    }

    private Integer analyze() throws IOException {
        if (!(headroom >= 0.0 && headroom <= 1.0)) {
            throw new UserError("--headroom is " + headroom + "; give a fraction between 0.0 and 1.0, e.g. 0.1 for 10%");
        }
        if (files.lake != null) {
            files.write(files.renderFromLake(manifests != null, engine, headroom), err());
            return 0;
        }
        boolean hasManifests = manifests != null && !manifests.isEmpty();
        boolean hasRuns = runIds != null && !runIds.isEmpty();
        if ((hasManifests ? 1 : 0) + (hasRuns ? 1 : 0) + (time != null ? 1 : 0) != 1) {
            throw new UserError("say which runs to analyze, one way: run ids (analyze 1234567), --time (analyze --time 1d: "
                    + "the runs that finished in the last day) or --manifest FILE (a saved manifest)");
        }
        if (priceList && prices != null) {
            throw new UserError("--price-list and --prices are two sources of prices: give one of them");
        }
        List<Loaded> loaded;
        PriceBook book;
        boolean apiPrices = prices == null && (priceList || !hasManifests);
        if (hasManifests) {
            if (show) {
                throw new UserError("--show prints the manifest of a run of the account (give its id); a saved manifest "
                        + "is that already");
            }
            if (manifests.size() > 1 && !batch && !files.any()) {
                throw new UserError("several --manifest files need --batch, --write-config or --timeline (or analyze "
                        + "them one at a time)");
            }
            book = prices != null ? priceBook() : priceList ? account(List.of(), true).prices() : JsonPriceBook.defaults();
            loaded = new ArrayList<>();
            for (Path file : manifests) {
                loaded.add(new Loaded(file.toString(), read(file)));
            }
        } else {
            List<RunRef> refs = hasRuns ? runIds.stream().map(RunRef::parse).toList() : List.of();
            Account account = account(refs, false);
            LiveRuns live = account.runs();
            List<LiveRuns.Run> runs = hasRuns ? refs.stream().map(live::get).toList()
                    : live.finishedWithin(TimeWindow.parse(time), (clock == null ? Clock.systemUTC() : clock).instant());
            if (runs.isEmpty()) {
                throw new UserError("no run finished (COMPLETED, FAILED or CANCELLED) in " + account.region()
                        + " within the last " + time);
            }
            if (runs.size() > 1 && !batch && !files.any()) { // upstream: the runs, for one to be analyzed (or --batch)
                OutFile.write(outFile, out(), err(), o -> RunList.write(runs, o));
                return 0;
            }
            if (show) {
                ManifestRecords records = new ManifestRecords();
                live.manifest(runs.get(0), records::add);
                OutFile.write(outFile, out(), err(), records::write);
                return 0;
            }
            book = prices != null ? priceBook() : account.prices();
            loaded = new ArrayList<>();
            for (LiveRuns.Run run : runs) {
                loaded.add(new Loaded("run " + run.id(), live.manifest(run, message -> { })));
            }
        }
        if (batch) {
            BatchEngines.requireOne(loaded.stream().map(l -> new BatchEngines.Source(l.source(),
                    l.manifest().run().engine())).toList());
        }
        List<Manifest> read = new ArrayList<>();
        RunAnalyzer analyzer = new RunAnalyzer(discounted(book));
        List<RunAnalysis> analyses = new ArrayList<>();
        String runEngine = engine;
        for (Loaded one : loaded) {
            Manifest manifest = one.manifest();
            read.add(manifest);
            if (runEngine == null) {
                runEngine = manifest.run().engine();
            }
            try {
                // Price List prices are asked for as the analysis needs them: a failed call names the call and the run
                analyses.add(!apiPrices ? analyze(analyzer, manifest) : LiveRuns.call("pricing:GetProducts for "
                        + one.source(), () -> analyze(analyzer, manifest)));
            } catch (IllegalArgumentException e) {
                throw new UserError(one.source() + ": " + e.getMessage());
            }
        }
        Map<Path, String> written = files.render(read, analyses, engine, headroom);
        if (batch || analyses.size() == 1) { // several runs without --batch: only the files
            String batchEngine = runEngine;
            OutFile.write(outFile, out(), err(), out -> write(analyses, batchEngine, out));
        }
        files.write(written, err());
        warnMissingPrices(analyses);
        return 0;
    }

    private RunAnalysis analyze(RunAnalyzer analyzer, Manifest manifest) {
        return region == null ? analyzer.analyze(manifest, headroom) : analyzer.analyze(manifest, region, headroom);
    }

    /** A manifest and where it came from (a file, or {@code run <id>}), as error messages name it. */
    private record Loaded(String source, Manifest manifest) {
    }

    private Account account(List<RunRef> refs, boolean pricesOnly) {
        return Account.connect(awsOptions, clients == null ? AwsOptions.USER_CREDENTIALS : clients,
                environment == null ? System.getenv() : environment, refs, pricesOnly);
    }

    private void write(List<RunAnalysis> analyses, String runEngine, PrintWriter out) throws IOException {
        if (batch) {
            if (runEngine == null) {
                throw new UserError("the manifest's run record names no engine, which --batch needs to find task base "
                        + "names: pass --engine WDL, NEXTFLOW or CWL");
            }
            List<BatchRow> rows;
            try {
                rows = BatchAnalyzer.aggregate(analyses, runEngine);
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage() + ": pass --engine WDL, NEXTFLOW or CWL");
            }
            if (format == Format.csv) {
                BatchCsv.write(rows, out);
            } else {
                out.println(json(rows));
            }
        } else if (format == Format.csv) {
            StatsCsv.write(analyses.get(0), out);
        } else {
            out.println(json(analyses.get(0)));
        }
    }

    /** The book less {@code --discount} (docs/run-analysis.md, "Which prices"). */
    private PriceBook discounted(PriceBook book) {
        try {
            return discount == null ? book : DiscountedPriceBook.of(book, discount);
        } catch (IllegalArgumentException e) {
            throw new UserError("--discount: " + e.getMessage());
        }
    }

    private PriceBook priceBook() {
        if (prices == null) {
            return JsonPriceBook.defaults();
        }
        try {
            return JsonPriceBook.read(prices);
        } catch (NoSuchFileException e) {
            throw new UserError("no price book at " + prices + ": give an existing file, or leave out --prices to use "
                    + "the bundled prices");
        } catch (IOException | IllegalArgumentException e) {
            throw new UserError("cannot read the price book " + prices + ": " + e.getMessage());
        }
    }

    private static Manifest read(Path file) {
        try {
            return ManifestParser.read(file);
        } catch (NoSuchFileException e) {
            throw new UserError("no manifest at " + file + ": give the path of a saved manifest (JSON array or NDJSON)");
        } catch (IOException e) {
            throw new UserError("cannot read the manifest " + file + ": " + e.getMessage());
        } catch (InvalidManifestException | IncompleteManifestException e) {
            throw new UserError(e.getMessage());
        }
    }

    private void warnMissingPrices(List<RunAnalysis> analyses) {
        PrintWriter err = err();
        for (RunAnalysis analysis : analyses) {
            if (!analysis.pricesComplete()) {
                err.println("warning: no price for " + String.join(", ", analysis.missingPricesSorted()) + " in "
                        + analysis.region() + ": those costs are blank and the totals leave them out"
                        + (prices == null ? " (give --prices FILE with them)" : ""));
            }
        }
        err.flush();
    }

    private static String json(Object value) throws JsonProcessingException {
        return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
    }
}
