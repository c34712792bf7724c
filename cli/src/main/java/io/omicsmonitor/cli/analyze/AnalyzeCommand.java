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
import io.omicsmonitor.cli.UserError;
import io.omicsmonitor.manifest.IncompleteManifestException;
import io.omicsmonitor.manifest.InvalidManifestException;
import io.omicsmonitor.manifest.Manifest;
import io.omicsmonitor.manifest.ManifestParser;
import io.omicsmonitor.mapper.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code analyze}: the HealthOmics Run Analyzer, offline, on a saved manifest. */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = {"Runs the HealthOmics Run Analyzer's algorithm offline on a saved run manifest: per task and per "
                + "run cost, utilization and right-sizing.",
            "A manifest is a JSON array of records (as `omics-run-analyzer --show` prints) or NDJSON (one record a "
                + "line, as exported from the log stream /aws/omics/WorkflowLog manifest/run/<id>/<uuid>).", ""},
        footer = {"", "Examples:",
            "  omics-monitor analyze --manifest events/recorded/logs/manifest-run-7382915.ndjson",
            "  omics-monitor analyze --manifest run.json --headroom 0.1 --format json",
            "  omics-monitor analyze --batch --manifest a.ndjson --manifest b.ndjson"})
public final class AnalyzeCommand implements Callable<Integer> {

    public enum Format { csv, json }

    @Spec
    CommandSpec spec;

    @Option(names = "--manifest", paramLabel = "FILE", required = true,
            description = "The run manifest (repeat with --batch for several runs).")
    List<Path> manifests;

    @Option(names = "--prices", paramLabel = "FILE",
            description = "A price book {\"regions\":{\"<region>\":{\"<resourceType>\":<USD per hour>}}}; default: the "
                    + "analyzer's bundled prices (see its _note fields for which are verified).")
    Path prices;

    @Option(names = "--discount", paramLabel = "F",
            description = "A discount off every price, from 0 to below 1 (0.15 = 15% off), as the stack's PriceDiscount.")
    String discount;

    @Option(names = "--headroom", paramLabel = "H", defaultValue = "0.0",
            description = "Fraction added to the observed maxima before right-sizing, 0..1 (default: ${DEFAULT-VALUE}).")
    double headroom;

    @Option(names = "--format", defaultValue = "csv",
            description = "csv (exactly the upstream stats CSV; with --batch its batch CSV) or json. Default: ${DEFAULT-VALUE}.")
    Format format;

    @Option(names = "--batch", description = "Aggregate the tasks of all the manifests by task base name (upstream's batch mode).")
    boolean batch;

    @Option(names = "--region", paramLabel = "R", description = "The region whose prices apply (default: the run ARN's).")
    String region;

    @Option(names = "--engine", paramLabel = "ENGINE",
            description = "WDL, NEXTFLOW or CWL: how --batch finds task base names (default: the run record's engine).")
    String engine;

    /** Where the command writes when {@link AnalyzeMain} runs it without picocli (spec is then null). */
    PrintWriter out;
    PrintWriter err;

    private PrintWriter out() {
        return spec != null ? spec.commandLine().getOut() : out;
    }

    private PrintWriter err() {
        return spec != null ? spec.commandLine().getErr() : err;
    }

    @Override
    public Integer call() throws IOException {
        if (!(headroom >= 0.0 && headroom <= 1.0)) {
            throw new UserError("--headroom is " + headroom + "; give a fraction between 0.0 and 1.0, e.g. 0.1 for 10%");
        }
        if (manifests.size() > 1 && !batch) {
            throw new UserError("several --manifest files need --batch (or analyze them one at a time)");
        }
        RunAnalyzer analyzer = new RunAnalyzer(discounted(priceBook()));
        List<RunAnalysis> analyses = new ArrayList<>();
        String runEngine = engine;
        for (Path file : manifests) {
            Manifest manifest = read(file);
            if (runEngine == null) {
                runEngine = manifest.run().engine();
            }
            try {
                analyses.add(region == null ? analyzer.analyze(manifest, headroom)
                        : analyzer.analyze(manifest, region, headroom));
            } catch (IllegalArgumentException e) {
                throw new UserError(file + ": " + e.getMessage());
            }
        }
        PrintWriter out = out();
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
        out.flush();
        warnMissingPrices(analyses);
        return 0;
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
