package io.omicsmonitor.cli.analyze;

import io.omicsmonitor.analyzer.CwlOverrides;
import io.omicsmonitor.analyzer.NextflowConfig;
import io.omicsmonitor.analyzer.RecommendedResources;
import io.omicsmonitor.analyzer.RunAnalysis;
import io.omicsmonitor.analyzer.Timeline;
import io.omicsmonitor.analyzer.WdlRuntimeOverrides;
import io.omicsmonitor.cli.UserError;
import io.omicsmonitor.cli.WholeFile;
import io.omicsmonitor.manifest.Manifest;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The files {@code analyze} writes besides its output: {@code --write-config} (the recommended resources as a
 * workflow configuration) and {@code --timeline} (seconds pending, starting and running per task), and the lake as a
 * source of the recommendations ({@code --lake DIR --workflow-id ID [--since DATE]}).
 *
 * <p>Every file's content is made before anything is written or printed, and each file is written to a temporary
 * file beside it and moved into place: a failure leaves no file half-written.
 */
public final class AnalyzeFiles {

    @Option(names = "--write-config", paramLabel = "FILE",
            description = "Write the recommended resources (max over each task's shards and runs) as a workflow "
                    + "configuration: Nextflow process selectors, WDL runtime overrides (JSON), CWL requirement "
                    + "overrides (JSON); the engine is the run's (or --engine).")
    Path writeConfig;

    @Option(names = "--wdl-workflow", paramLabel = "NAME",
            description = "With --write-config for WDL: the workflow's name in the main WDL file, which prefixes each "
                    + "override (the manifest does not record it).")
    String wdlWorkflow;

    @Option(names = "--timeline", paramLabel = "FILE",
            description = "Write a CSV of the seconds each task was pending, starting and running (upstream's --timeline).")
    Path timeline;

    @Option(names = "--lake", paramLabel = "DIR",
            description = "With --write-config, instead of --manifest: the tasks of a workflow's analyzed runs in a "
                    + "local lake folder (run_analysis and runs tables).")
    Path lake;

    @Option(names = "--workflow-id", paramLabel = "ID", description = "With --lake: the workflow whose runs count.")
    String workflowId;

    @Option(names = "--since", paramLabel = "DATE",
            description = "With --lake: only runs started at or after DATE (2026-11-01, or an ISO-8601 instant).")
    String since;

    /** What was written, said on stderr once the files are in place. */
    private final List<String> notes = new ArrayList<>();

    /** True when a file is asked for: several manifests are then allowed without --batch. */
    boolean any() {
        return writeConfig != null || timeline != null;
    }

    /** The files' contents (path to text), from analyzed manifests; checks the options first. */
    Map<Path, String> render(List<Manifest> manifests, List<RunAnalysis> analyses, String engine, double headroom) {
        if (lake != null || workflowId != null || since != null) {
            throw new UserError("--lake, --workflow-id and --since choose runs from a lake instead of --manifest: "
                    + "give one or the other");
        }
        Map<Path, String> files = new LinkedHashMap<>();
        if (writeConfig != null) {
            String main = manifests.get(0).run().main();
            String runEngine = engine != null ? engine : sameEngine(manifests);
            RecommendedResources sizes = resources(runEngine, headroom).addAll(analyses);
            files.put(writeConfig, config(sizes, main));
            notes.add(summary(sizes, manifests.size()));
        }
        if (timeline != null) {
            StringBuilder csv = new StringBuilder();
            Timeline.write(manifests, csv);
            files.put(timeline, csv.toString());
            notes.add("wrote " + timeline + ": the timeline of " + manifests.size() + " run"
                    + (manifests.size() == 1 ? "" : "s"));
        }
        return files;
    }

    /** The config from a lake's analyzed runs (no manifest needed); see {@link LakeTasks}. */
    Map<Path, String> renderFromLake(boolean manifestsToo, String engine, double headroom) {
        if (manifestsToo) {
            throw new UserError("--lake and --manifest are two sources of tasks: give one or the other");
        }
        if (writeConfig == null || timeline != null) {
            throw new UserError("--lake gives the tasks --write-config needs, without their times: use it with "
                    + "--write-config only (--timeline needs --manifest)");
        }
        if (workflowId == null) {
            throw new UserError("--lake needs --workflow-id ID: a configuration is for one workflow's tasks");
        }
        LakeTasks tasks = LakeTasks.read(lake, workflowId, since);
        String runEngine = engine != null ? engine : tasks.engine();
        RecommendedResources sizes = resources(runEngine, headroom);
        tasks.addTo(sizes);
        Map<Path, String> files = new LinkedHashMap<>();
        files.put(writeConfig, config(sizes, tasks.main()));
        notes.add(summary(sizes, tasks.runs()));
        return files;
    }

    /** Writes each file whole, then says on stderr what was written and which tasks were left out. */
    void write(Map<Path, String> files, PrintWriter err) {
        for (Map.Entry<Path, String> file : files.entrySet()) {
            writeWhole(file.getKey(), file.getValue());
        }
        notes.forEach(err::println);
        err.flush();
    }

    private static RecommendedResources resources(String engine, double headroom) {
        if (engine == null) {
            throw new UserError("the run record names no engine, which --write-config needs to name the tasks: "
                    + "pass --engine WDL, NEXTFLOW or CWL");
        }
        try {
            return new RecommendedResources(engine, headroom);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage() + ": pass --engine WDL, NEXTFLOW or CWL");
        }
    }

    private String config(RecommendedResources sizes, String main) {
        try {
            return switch (sizes.engine()) {
                case "NEXTFLOW" -> NextflowConfig.render(sizes.sizes());
                case "CWL" -> CwlOverrides.render(sizes.sizes(), main);
                default -> {
                    if (wdlWorkflow == null) {
                        throw new UserError("--write-config for a WDL run needs --wdl-workflow NAME: the name after "
                                + "`workflow` in the main WDL file, which prefixes each override "
                                + "(<workflow>.<call>.runtime.cpu); the manifest does not record it");
                    }
                    yield WdlRuntimeOverrides.render(sizes.sizes(), wdlWorkflow);
                }
            };
        } catch (IllegalArgumentException e) {
            throw new UserError("--write-config " + writeConfig + ": " + e.getMessage());
        }
    }

    private String summary(RecommendedResources sizes, int runs) {
        StringBuilder s = new StringBuilder("wrote ").append(writeConfig).append(": ")
                .append(switch (sizes.engine()) {
                    case "NEXTFLOW" -> "Nextflow process selectors";
                    case "CWL" -> "CWL requirement overrides";
                    default -> "WDL runtime overrides";
                })
                .append(" for ").append(sizes.sizes().size()).append(" task name")
                .append(sizes.sizes().size() == 1 ? "" : "s").append(" (").append(sizes.tasks()).append(" tasks of ")
                .append(runs).append(" run").append(runs == 1 ? "" : "s").append(')');
        sizes.skipped().forEach((name, why) -> s.append("\n  left out ").append(name).append(": ").append(why));
        return s.toString();
    }

    /** The one engine of all the runs; several engines cannot share one configuration. */
    private static String sameEngine(List<Manifest> manifests) {
        String engine = null;
        for (Manifest m : manifests) {
            String e = m.run().engine();
            if (e == null) {
                return null;
            }
            String family = e.toUpperCase(Locale.ROOT).startsWith("WDL") ? "WDL" : e.toUpperCase(Locale.ROOT);
            if (engine != null && !engine.equals(family)) {
                throw new UserError("run " + m.run().arn() + " is " + e + " but an earlier run is " + engine
                        + ": one configuration is for the runs of one engine");
            }
            engine = family;
        }
        return engine;
    }

    private static void writeWhole(Path file, String text) {
        Path dir = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            throw new UserError("cannot write " + file + ": no folder " + dir);
        }
        try {
            WholeFile.write(file, text);
        } catch (IOException e) {
            throw new UserError("cannot write " + file + ": " + e.getMessage());
        }
    }
}
