package io.omicsmonitor.cli.demo;

import io.omicsmonitor.cli.ProjectFiles;
import io.omicsmonitor.cli.UserError;
import io.omicsmonitor.cli.local.LocalPrices;
import io.omicsmonitor.cli.template.SamTemplate;
import io.omicsmonitor.common.log.Log;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code demo}: the README's main job on embedded defaults. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs the main job on this machine (no AWS account needed) and shows what it produced.", "",
            "Starts a real S3 server on a local "
                + "folder and stubs serving the recorded HealthOmics data in events/recorded/ (runs, workflows, "
                + "manifests through the CloudWatch Logs API, prices through the Price List API), replays the sample "
                + "events in events/ through every function of template.yaml as its EventBridge rules route them, and "
                + "prints what landed in the lake, the alerts and metrics sent, and the runs' cost, saving and "
                + "utilization read back from the lake with DuckDB.",
            "The demo bucket is emptied first, so every run starts clean.", ""},
        footer = {"", "Then query the lake:  omics-monitor query \"SELECT * FROM runs\""})
public final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--lake", paramLabel = "DIR", defaultValue = ProjectFiles.DEFAULT_LAKE,
            description = "The folder the S3 server keeps its buckets in (default: ${DEFAULT-VALUE}).")
    Path lake;

    @Option(names = "--prices", paramLabel = "FILE",
            description = "A private price book (the format of analyze --prices) for the run analyzer: uploaded to the "
                    + "local S3 and named by PRICE_BOOK_URI, as PriceBookUri does in the stack. Its prices replace the "
                    + "public ones for what it lists.")
    Path prices;

    @Option(names = "--discount", paramLabel = "F",
            description = "A discount off every price the run analyzer uses, from 0 to below 1 (0.15 = 15% off), as "
                    + "PriceDiscount does in the stack (PRICE_DISCOUNT).")
    String discount;

    @Option(names = "--log", paramLabel = "FILE", defaultValue = ".omics-monitor/demo.log",
            description = "Where the functions' JSON log lines go (default: ${DEFAULT-VALUE}).")
    Path log;

    @Override
    public Integer call() throws IOException {
        ProjectFiles project = ProjectFiles.locate();
        project.requireEvents();
        LocalPrices localPrices = LocalPrices.of(prices, discount);
        SamTemplate template = SamTemplate.read(project.template());
        if (log.toAbsolutePath().getParent() != null) {
            Files.createDirectories(log.toAbsolutePath().getParent());
        }
        try (PrintStream logs = new PrintStream(Files.newOutputStream(log), true, "UTF-8")) {
            Log.redirect(logs);
            Demo.Result result = new Demo(project, template, lake, spec.commandLine().getOut(), localPrices).run();
            spec.commandLine().getOut().println("The functions' log lines: " + log);
            spec.commandLine().getOut().flush();
            return result.failures() == 0 ? 0 : 1;
        } catch (IOException e) {
            throw new UserError("cannot write the log file " + log + ": " + e.getMessage());
        } finally {
            Log.redirect(System.out);
        }
    }
}
