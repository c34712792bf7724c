package io.omicsmonitor.runanalyzer;

import static io.omicsmonitor.local.SameJson.assertSameJson;

import io.omicsmonitor.analyzer.JsonPriceBook;
import io.omicsmonitor.analyzer.RunAnalysis;
import io.omicsmonitor.analyzer.RunAnalyzer;
import io.omicsmonitor.common.events.EventReader;
import io.omicsmonitor.common.events.RunAnalysisCompleted;
import io.omicsmonitor.common.events.RunStatusChange;
import io.omicsmonitor.json.JsonWriter;
import io.omicsmonitor.local.SampleEvents;
import io.omicsmonitor.manifest.Manifest;
import io.omicsmonitor.manifest.ManifestParser;
import io.omicsmonitor.manifest.logs.RunAttribution;
import io.omicsmonitor.mapper.Json;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.omics.model.GetRunResponse;

/**
 * The run_analysis rows, the Run Analysis Completed detail (written with toString, as the PutEvents entry is) and the
 * function's result: JsonWriter writes the bytes Json.MAPPER wrote.
 */
class AnalysisRowsJsonTest {

    static final EventReader READER = new EventReader(Clock.fixed(Instant.parse("2026-11-24T12:00:00Z"), ZoneOffset.UTC));

    @ParameterizedTest
    @CsvSource({"run-completed.json, 7382915, 0.1", "run-cancelled.json, 8264019, 0", "run-failed.json, 9103774, 0.25"})
    void writesTheAnalysisOfEveryRecordedManifestAsTheMapperDid(String eventFile, String runId, double headroom)
            throws IOException {
        RunStatusChange change = RunStatusChange.from(READER.read(SampleEvents.bytes(eventFile)));
        Manifest manifest;
        try (InputStream in = Files.newInputStream(SampleEvents.path("recorded/logs/manifest-run-" + runId + ".ndjson"))) {
            manifest = ManifestParser.read(in, runId);
        }
        for (RunAnalysis analysis : List.of(new RunAnalyzer(JsonPriceBook.defaults()).analyze(manifest, headroom),
                new RunAnalyzer((region, type) -> java.util.OptionalDouble.empty()).analyze(manifest, headroom))) {
            RunTotals totals = RunTotals.of(manifest, analysis);
            assertSameJson(AnalysisRow.run(runId, manifest, analysis, totals, change, RunAttribution.UNKNOWN));
            assertSameJson(AnalysisRow.run(runId, manifest, analysis, totals, change,
                    RunAttribution.of(GetRunResponse.builder().workflowId("4716932").startedBy("arn:aws:iam::1:user/a")
                            .tags(Map.of("project", "germline-validation", "cost-center", "CC-4410")).build())));
            for (int i = 0; i < manifest.tasks().size(); i++) {
                assertSameJson(AnalysisRow.task(runId, manifest.tasks().get(i), analysis.tasks().get(i)));
            }
            assertSameJson(AnalysisEvent.of(change, manifest, analysis, totals,
                    "s3://omics-lake/lake/run_analysis/x.json"));
        }
        assertSameJson(new RunAnalyzerHandler.Result("e", runId, "COMPLETED", "s3://b/a.json", "s3://b/a.csv", "ev", null));
    }

    @Test
    void writesEdgeRowsAsTheMapperDid() throws IOException {
        assertSameJson(new AnalysisRow("1", "task", "u", "arn", "n \"é\" \u0000", "FAILED",
                Instant.parse("2026-11-20T08:11:43.605Z"), Instant.parse("2026-11-20T08:11:43.605000001Z"), 1236.142, 2, 0,
                new BigDecimal("4.0"), "omics.c.large", "omics.c.large", 2, 4L, 0.1 + 0.2, 1e-7, Double.NaN,
                Double.POSITIVE_INFINITY, 1e21, 2, 3.71, 2.84, 0, 8, 5.12, 3.27, 1200, 512.25, 256.5, -0.0, 0.0, -1e-300,
                0.1, "us-west-2", List.of("omics.g5.48xlarge", ""), "4716932", "germline \"wgs\"", "arn:aws:iam::1:user/a",
                new TreeMap<>(Map.of("project", "p", "cost-center", "", "é", "\u2028")), true, 87.45, 12,
                "s3://b/k (sha256 0888b0d3) over price-list-api discount 0.15"));
        assertSameJson(new AnalysisRow(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null));
        assertSameJson(new AnalysisRow(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, List.of(), null, null, null, Map.of(), false, Double.NaN, 0, null));
        assertSameJson(new RunAnalysisCompleted("1", "arn", "u", null, null, null, "COMPLETED", "us-west-2", 0, 0, null,
                0.0, Double.NaN, -0.5, null, null, null, null, null));
        assertSameJson(new RunAnalysisCompleted("1", "arn", "u", "n", "w", "wn", "FAILED", null, 12, 3, 4,
                12.345678901234567, 1e-7, 1e21, 1.0, 0.1 + 0.2, 0.0, 1.5, "s3://b/k"));
    }
}
