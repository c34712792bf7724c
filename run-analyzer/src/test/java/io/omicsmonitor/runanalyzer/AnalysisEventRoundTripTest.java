package io.omicsmonitor.runanalyzer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.omicsmonitor.analyzer.JsonPriceBook;
import io.omicsmonitor.analyzer.RunAnalysis;
import io.omicsmonitor.analyzer.RunAnalyzer;
import io.omicsmonitor.common.events.EventReader;
import io.omicsmonitor.common.events.InvalidEventException;
import io.omicsmonitor.common.events.RunAnalysisCompleted;
import io.omicsmonitor.common.events.RunStatusChange;
import io.omicsmonitor.json.JsonWriter;
import io.omicsmonitor.local.SampleEvents;
import io.omicsmonitor.manifest.Manifest;
import io.omicsmonitor.manifest.ManifestParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The {@code Run Analysis Completed} event written by this function is read back by custom-metrics' reader
 * ({@link RunAnalysisCompleted#from}) as the same record, figure for figure: one definition on both sides.
 */
class AnalysisEventRoundTripTest {

    static final EventReader READER = new EventReader(Clock.fixed(Instant.parse("2026-11-24T12:00:00Z"), ZoneOffset.UTC));

    @ParameterizedTest
    @CsvSource({"run-completed.json, 7382915", "run-cancelled.json, 8264019", "run-failed.json, 9103774"})
    void whatTheAnalyzerPutsIsWhatCustomMetricsReads(String eventFile, String runId) throws IOException {
        RunStatusChange change = RunStatusChange.from(READER.read(SampleEvents.bytes(eventFile)));
        Manifest manifest;
        try (InputStream in = Files.newInputStream(SampleEvents.path("recorded/logs/manifest-run-" + runId + ".ndjson"))) {
            manifest = ManifestParser.read(in, runId);
        }
        RunAnalysis priced = new RunAnalyzer(JsonPriceBook.defaults()).analyze(manifest, 0);
        RunAnalysis unpriced = new RunAnalyzer((region, type) -> OptionalDouble.empty()).analyze(manifest, 0);
        for (RunAnalysis analysis : new RunAnalysis[] {priced, unpriced}) {
            RunAnalysisCompleted written = AnalysisEvent.of(change, manifest, analysis, RunTotals.of(manifest, analysis),
                    "s3://lake/run_analysis/x.json");
            assertEquals(written, readBack(written));
        }
    }

    @Test
    void blankFiguresStayBlankAndABadOneNamesTheEventAndTheField() throws IOException {
        RunAnalysisCompleted sparse = new RunAnalysisCompleted("7382915", null, null, null, null, null, "COMPLETED",
                null, 0, 0, null, null, null, -0.25, null, null, null, null, null);
        assertEquals(sparse, readBack(sparse));
        assertNull(readBack(sparse).estimatedUsd());

        RunAnalysisCompleted negativeCost = new RunAnalysisCompleted("7382915", null, null, null, null, null, null, null,
                1, 0, 0, -1.0, null, null, null, null, null, null, null);
        InvalidEventException e = assertThrows(InvalidEventException.class, () -> readBack(negativeCost));
        assertEquals("event a1b2c3d4-analysis: field 'detail.estimatedUsd' is -1.0, expected a finite number of at least 0",
                e.getMessage());
    }

    /** The detail as the analyzer serialises it, in the envelope EventBridge delivers, read by the shared reader. */
    static RunAnalysisCompleted readBack(RunAnalysisCompleted detail) throws IOException {
        String event = """
                {"version":"0","id":"a1b2c3d4-analysis","detail-type":"Run Analysis Completed","source":"omics-monitor",
                 "account":"123456789012","time":"2026-11-20T11:58:40Z","region":"us-west-2","resources":[],
                 "detail":%s}""".formatted(JsonWriter.toString(detail));
        return RunAnalysisCompleted.from(READER.read(event.getBytes(StandardCharsets.UTF_8)));
    }
}
