package io.omicsmonitor.cli.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.omicsmonitor.analyzer.JsonPriceBook;
import io.omicsmonitor.analyzer.RecommendedResources;
import io.omicsmonitor.analyzer.RunAnalysis;
import io.omicsmonitor.analyzer.RunAnalyzer;
import io.omicsmonitor.analyzer.Timeline;
import io.omicsmonitor.analyzer.WdlRuntimeOverrides;
import io.omicsmonitor.analyzer.testing.ManifestGenerator;
import io.omicsmonitor.cli.CommandRun;
import io.omicsmonitor.manifest.Manifest;
import io.omicsmonitor.manifest.ManifestParser;
import io.omicsmonitor.mapper.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code analyze --write-config} and {@code --timeline} through the command line: the files' bytes from the recorded
 * sample manifests (one, several) and from a local lake, and the errors that leave nothing written.
 */
class AnalyzeFilesTest {

    @TempDir
    Path dir;

    static String recorded(String runId) {
        Path root = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(root.resolve("events/recorded/logs"))) {
            root = root.getParent();
        }
        return root.resolve("events/recorded/logs/manifest-run-" + runId + ".ndjson").toString();
    }

    @Test
    void oneNextflowRunGivesItsStatsOnStdoutAndBothFiles() throws IOException {
        Path config = dir.resolve("resources.config");
        Path timeline = dir.resolve("timeline.csv");
        CommandRun plain = CommandRun.of("analyze", "--manifest", recorded("8264019"));
        CommandRun run = CommandRun.of("analyze", "--manifest", recorded("8264019"), "--write-config", config.toString(),
                "--timeline", timeline.toString());

        assertEquals(0, run.exitCode(), run.err());
        assertEquals(plain.out(), run.out(), "the stats CSV as without the files");
        assertTrue(Files.readString(config).startsWith("""
                process {
                    withName: 'NFCORE_RNASEQ:RNASEQ:ALIGN_STAR:STAR_ALIGN' {
                        cpus = 16
                        memory = '64 GB'
                    }
                """), Files.readString(config));
        assertEquals(6 * 4 + 2, Files.readString(config).lines().count(), "six selectors");
        assertEquals(2 + 17, Files.readString(timeline).lines().count(), "header, run, 17 tasks");
        assertEquals("wrote " + config + ": Nextflow process selectors for 6 task names (17 tasks of 1 run)\n"
                + "  left out NFCORE_RNASEQ:RNASEQ:BAM_RSEQC:RSEQC_INFEREXPERIMENT: no measured maxima (call-cached, or "
                + "no metrics)\n"
                + "wrote " + timeline + ": the timeline of 1 run\n", run.err());
    }

    @Test
    void twoWdlRunsWithHeadroomGiveTheLargestOfEachTaskAsRuntimeOverrides() throws IOException {
        // with 10% headroom: BwaMem's 15.9 vCPUs become 18 (c.8xlarge: 32, 64), Mutect2_scatter's 3.98 vCPUs and
        // 15.93 GiB become 5 and 18 (m.2xlarge: 8, 32), SplitFastq's 3.71 and 5.12 become 5 and 6 (c.2xlarge)
        Path config = dir.resolve("germline.json");
        CommandRun run = CommandRun.of("analyze", "--manifest", recorded("9103774"), "--manifest", recorded("7382915"),
                "--headroom", "0.1", "--write-config", config.toString(), "--wdl-workflow", "Germline");

        assertEquals(0, run.exitCode(), run.err());
        assertEquals("", run.out(), "several runs without --batch: only the file");
        assertEquals("""
                {
                  "Germline.ApplyBQSR.runtime.cpu" : 2,
                  "Germline.ApplyBQSR.runtime.memory" : "8 GiB",
                  "Germline.BaseRecalibrator.runtime.cpu" : 4,
                  "Germline.BaseRecalibrator.runtime.memory" : "8 GiB",
                  "Germline.BwaMem.runtime.cpu" : 32,
                  "Germline.BwaMem.runtime.memory" : "64 GiB",
                  "Germline.CollectSequencingArtifactMetrics.runtime.cpu" : 2,
                  "Germline.CollectSequencingArtifactMetrics.runtime.memory" : "4 GiB",
                  "Germline.GatherBamFiles.runtime.cpu" : 2,
                  "Germline.GatherBamFiles.runtime.memory" : "8 GiB",
                  "Germline.GetPileupSummaries_normal.runtime.cpu" : 4,
                  "Germline.GetPileupSummaries_normal.runtime.memory" : "8 GiB",
                  "Germline.GetPileupSummaries_tumor.runtime.cpu" : 4,
                  "Germline.GetPileupSummaries_tumor.runtime.memory" : "8 GiB",
                  "Germline.HaplotypeCaller.runtime.cpu" : 4,
                  "Germline.HaplotypeCaller.runtime.memory" : "16 GiB",
                  "Germline.MarkDuplicates.runtime.cpu" : 8,
                  "Germline.MarkDuplicates.runtime.memory" : "64 GiB",
                  "Germline.MergeBams.runtime.cpu" : 2,
                  "Germline.MergeBams.runtime.memory" : "16 GiB",
                  "Germline.MergeVCFs.runtime.cpu" : 2,
                  "Germline.MergeVCFs.runtime.memory" : "4 GiB",
                  "Germline.Mutect2_scatter.runtime.cpu" : 8,
                  "Germline.Mutect2_scatter.runtime.memory" : "32 GiB",
                  "Germline.SplitFastq.runtime.cpu" : 8,
                  "Germline.SplitFastq.runtime.memory" : "16 GiB",
                  "Germline.SplitIntervals.runtime.cpu" : 2,
                  "Germline.SplitIntervals.runtime.memory" : "4 GiB"
                }
                """, Files.readString(config));
        assertTrue(run.err().startsWith("wrote " + config + ": WDL runtime overrides for 14 task names (37 tasks of 2 "
                + "runs)\n  left out CheckInputs: no measured maxima"), run.err());
    }

    @Test
    void aCwlRunGivesRequirementOverridesThatYamlReads() throws IOException {
        Path manifest = dir.resolve("cwl.ndjson");
        String runArn = "arn:aws:omics:us-east-1:123456789012:run/5550001";
        Files.writeString(manifest, String.join("\n",
                "{\"arn\":\"" + runArn + "\",\"uuid\":\"u\",\"name\":\"cwl\",\"engine\":\"CWL\",\"main\":\"main.cwl\","
                        + "\"startTime\":\"2026-01-01T00:00:00Z\",\"stopTime\":\"2026-01-01T01:00:00Z\",\"metrics\":{}}",
                task(runArn, 1, "align_1", 7.5, 30), task(runArn, 2, "align_2", 3.2, 50.2), task(runArn, 3, "sort", 1.9, 3.5)));
        Path config = dir.resolve("overrides.yml");
        CommandRun run = CommandRun.of("analyze", "--manifest", manifest.toString(), "--write-config", config.toString());

        assertEquals(0, run.exitCode(), run.err());
        // align_1 (7.5 vCPUs, 30 GiB) fits m.2xlarge (8, 32), align_2 (3.2, 50.2) r.2xlarge (8, 64): the step
        // gets 8 vCPUs and 64 GiB = 65536 MiB; sort (1.9, 3.5) c.large (2, 4)
        JsonNode overrides = new YAMLMapper().readTree(config.toFile()).path("cwltool:overrides");
        assertEquals(List.of("main.cwl#align", "main.cwl#sort"), fieldNames(overrides));
        JsonNode align = overrides.path("main.cwl#align").path("requirements").path("ResourceRequirement");
        assertEquals(8, align.path("coresMin").asInt());
        assertEquals(8, align.path("coresMax").asInt());
        assertEquals(65536, align.path("ramMin").asInt());
        assertEquals(65536, align.path("ramMax").asInt());
        JsonNode sort = overrides.path("main.cwl#sort").path("requirements").path("ResourceRequirement");
        assertEquals(2, sort.path("coresMin").asInt());
        assertEquals(4096, sort.path("ramMin").asInt());
        assertEquals(new ObjectMapper().readTree(config.toFile()), new YAMLMapper().readTree(config.toFile()),
                "JSON, so YAML and JSON readers read the same");
    }

    private static String task(String runArn, int id, String name, double cpus, double memory) {
        return "{\"arn\":\"arn:aws:omics:us-east-1:123456789012:task/" + id + "\",\"run\":\"" + runArn + "\","
                + "\"name\":\"" + name + "\",\"instanceType\":\"omics.r.4xlarge\",\"cpus\":16,\"memory\":128,"
                + "\"startTime\":\"2026-01-01T00:00:00Z\",\"stopTime\":\"2026-01-01T00:30:00Z\",\"metrics\":{"
                + "\"cpusReserved\":16,\"cpusMaximum\":" + cpus + ",\"memoryReservedGiB\":128,\"memoryMaximumGiB\":"
                + memory + "}}";
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void theLakesRunsOfOneWorkflowSinceADate() throws IOException {
        Path lake = dir.resolve("lake");
        // workflow 4716932: run 1 (Nov 20) and run 2 (Nov 22); run 3 is another workflow; run 0 is before --since
        writeRun(lake, "1000001", "4716932", "2026-11-20T08:00:00Z",
                task("BwaMem-0-1", 15.2, 20.5, null), task("BwaMem-1-1", 9.0, 40.0, null),
                task("CachedIndex", null, null, null));
        writeRun(lake, "1000002", "4716932", "2026-11-22T09:00:00Z",
                task("BwaMem-0-1", 3.0, 6.0, null), task("HaplotypeCaller-0-1", 2.4, 10.3, null),
                task("DeepVariant-0-1", 7.0, 20.0, 1.0));
        writeRun(lake, "1000003", "9999999", "2026-11-22T10:00:00Z", task("Other", 100.0, 100.0, null));
        writeRun(lake, "1000000", "4716932", "2026-10-01T10:00:00Z", task("Old", 100.0, 100.0, null));
        Path config = dir.resolve("wf.json");

        CommandRun run = CommandRun.of("analyze", "--lake", lake.toString(), "--workflow-id", "4716932", "--since",
                "2026-11-01", "--write-config", config.toString(), "--wdl-workflow", "Germline");

        assertEquals(0, run.exitCode(), run.err());
        // BwaMem: 16 vCPUs (15.2: c.4xlarge, 32 GiB) and 40 GiB (r.2xlarge, 64): m.4xlarge, 16 and 64;
        // HaplotypeCaller 3 vCPUs and 11 GiB: m.xlarge (4, 16)
        assertEquals("""
                {
                  "Germline.BwaMem.runtime.cpu" : 16,
                  "Germline.BwaMem.runtime.memory" : "64 GiB",
                  "Germline.HaplotypeCaller.runtime.cpu" : 4,
                  "Germline.HaplotypeCaller.runtime.memory" : "16 GiB"
                }
                """, Files.readString(config));
        assertEquals("wrote " + config + ": WDL runtime overrides for 2 task names (6 tasks of 2 runs)\n"
                + "  left out CachedIndex: no measured maxima (call-cached, or no metrics)\n"
                + "  left out DeepVariant: a GPU task: it keeps its accelerator's instance\n", run.err());

        CommandRun none = CommandRun.of("analyze", "--lake", lake.toString(), "--workflow-id", "4716932", "--since",
                "2026-12-01", "--write-config", dir.resolve("none.json").toString(), "--wdl-workflow", "Germline");
        assertEquals(2, none.exitCode());
        assertTrue(none.err().contains("no analyzed task of workflow 4716932 in the lake at " + lake
                + " from runs started since 2026-12-01"), none.err());
        assertFalse(Files.exists(dir.resolve("none.json")));
    }

    private static ObjectNode task(String name, Double cpusMaximum, Double memoryMaximum, Double gpus) {
        ObjectNode row = Json.MAPPER.createObjectNode().put("type", "task").put("name", name);
        row.put("cpus_maximum", cpusMaximum).put("memory_maximum_gib", memoryMaximum).put("gpus_reserved", gpus);
        return row;
    }

    /** A run as the functions write it: its run_analysis rows (the run's, then the tasks') and its runs row. */
    private static void writeRun(Path lake, String runId, String workflowId, String start, ObjectNode... tasks)
            throws IOException {
        String day = "year=" + start.substring(0, 4) + "/month=" + start.substring(5, 7) + "/day=" + start.substring(8, 10);
        String arn = "arn:aws:omics:us-west-2:123456789012:";
        StringBuilder analysis = new StringBuilder(Json.MAPPER.writeValueAsString(Json.MAPPER.createObjectNode()
                .put("run_id", runId).put("type", "run").put("arn", arn + "run/" + runId).put("start_time", start)))
                .append('\n');
        int i = 0;
        for (ObjectNode t : tasks) {
            t.put("run_id", runId).put("arn", arn + "task/" + runId + i++);
            analysis.append(Json.MAPPER.writeValueAsString(t)).append('\n');
        }
        write(lake.resolve("run_analysis/" + day + "/" + runId + ".json"), analysis.toString());
        write(lake.resolve("runs/" + day + "/" + runId + ".json"), Json.MAPPER.writeValueAsString(Json.MAPPER
                .createObjectNode().put("run_id", runId).put("workflow_id", workflowId).put("engine", "WDL")
                .put("main", "main.wdl").put("start_time", start)) + "\n");
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    @Test
    void aFiftyThousandTaskManifestGivesBothFilesWhole() throws IOException {
        Path manifest = dir.resolve("big.ndjson");
        try (java.io.Writer out = Files.newBufferedWriter(manifest)) {
            new ManifestGenerator(42).write(50_000, ManifestGenerator.Format.NDJSON, out);
        }
        Path config = dir.resolve("big.json");
        Path timeline = dir.resolve("big.csv");
        CommandRun run = CommandRun.of("analyze", "--manifest", manifest.toString(), "--headroom", "0.1",
                "--write-config", config.toString(), "--wdl-workflow", "Germline", // seed 42 is a WDL run
                "--timeline", timeline.toString());

        assertEquals(0, run.exitCode(), run.err());
        Manifest parsed = ManifestParser.read(manifest);
        RunAnalysis analysis = new RunAnalyzer(JsonPriceBook.defaults()).analyze(parsed, 0.1);
        assertEquals(WdlRuntimeOverrides.render(new RecommendedResources("WDL", 0.1).addAll(List.of(analysis)).sizes(),
                "Germline"), Files.readString(config));
        StringBuilder csv = new StringBuilder();
        Timeline.write(List.of(parsed), csv);
        assertEquals(csv.toString(), Files.readString(timeline));
        assertEquals(2 + 50_000, Files.readString(timeline).lines().count());
        assertTrue(run.err().contains("(50000 tasks of 1 run)"), run.err());
        try (var files = Files.list(dir)) {
            assertEquals(List.of("big.csv", "big.json", "big.ndjson"),
                    files.map(f -> f.getFileName().toString()).sorted().toList(), "no temporary file left behind");
        }
    }

    @Test
    void aWdlConfigWithoutTheWorkflowNameWritesAndPrintsNothing() throws IOException {
        Path config = dir.resolve("germline.json");
        Files.writeString(config, "an older config");
        CommandRun run = CommandRun.of("analyze", "--manifest", recorded("9103774"), "--write-config",
                config.toString(), "--timeline", dir.resolve("t.csv").toString());

        assertEquals(2, run.exitCode());
        assertEquals("", run.out());
        assertEquals("analyze: --write-config for a WDL run needs --wdl-workflow NAME: the name after `workflow` in the "
                + "main WDL file, which prefixes each override (<workflow>.<call>.runtime.cpu); the manifest does not "
                + "record it\n", run.err());
        assertEquals("an older config", Files.readString(config));
        assertFalse(Files.exists(dir.resolve("t.csv")));
    }

    @Test
    void aFileInAMissingFolderIsAClearError() {
        CommandRun run = CommandRun.of("analyze", "--manifest", recorded("8264019"), "--timeline",
                dir.resolve("no/such/folder/t.csv").toString());

        assertEquals(2, run.exitCode());
        assertTrue(run.err().startsWith("analyze: cannot write " + dir.resolve("no/such/folder/t.csv") + ": no folder "),
                run.err());
    }

    @Test
    void severalManifestsWithoutAFileStillNeedBatch() {
        CommandRun run = CommandRun.of("analyze", "--manifest", recorded("8264019"), "--manifest", recorded("9103774"));

        assertEquals(2, run.exitCode());
        assertEquals("analyze: several --manifest files need --batch, --write-config or --timeline (or analyze them "
                + "one at a time)\n", run.err());
    }
}
