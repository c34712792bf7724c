package io.omicsmonitor.cli.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.omicsmonitor.cli.CommandRun;
import io.omicsmonitor.mapper.Json;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * `analyze` on a three-record manifest whose figures are worked out by hand: task Align (omics.m.xlarge, 1 h, at most
 * 2 of 4 vCPUs and 3 of 16 GiB) right-sizes to omics.c.large; the call-cached task (metrics {}, no times) is billed
 * the 60 s minimum; the STATIC run's 1200 GiB for 2 h is the storage cost.
 */
class AnalyzeCommandTest {

    static final String MANIFEST = resource("analyze/tiny-manifest.ndjson");
    static final String PRICES = resource("analyze/prices.json");

    @Test
    void printsExactlyTheUpstreamStatsCsv() {
        CommandRun run = CommandRun.of("analyze", "--manifest", MANIFEST, "--prices", PRICES, "--format", "csv");

        assertEquals(0, run.exitCode(), run.err());
        assertEquals("uuid,arn,type,name,startTime,stopTime,runningSeconds,cpusRequested,gpusRequested,"
                + "memoryRequestedGiB,omicsInstanceTypeReserved,omicsInstanceTypeMinimum,recommendedCpus,"
                + "recommendedMemoryGiB,estimatedUSD,minimumUSD,cpuUtilizationRatio,memoryUtilizationRatio,"
                + "storageUtilizationRatio,cpusReserved,cpusMaximum,cpusAverage,gpusReserved,memoryReservedGiB,"
                + "memoryMaximumGiB,memoryAverageGiB,storageReservedGiB,storageMaximumGiB,storageAverageGiB\n"
                // run: 0.0001 $/GB-h x 1200 GiB x 2 h = 0.24; its cpus and memory are the concurrency sweep's (Align alone)
                + "u-run,arn:aws:omics:us-east-1:123456789012:run/1111111,run,tiny,2026-01-01T00:00:00Z,"
                + "2026-01-01T02:00:00Z,7200.000000,,,,,,,,0.240000,0.240000,0.500000,0.187500,0.083333,4,2,1.500000,0,"
                + "16,3,2.000000,1200,100,50\n"
                // Align: 0.2 $/h x 1 h; c.large (2 vCPU, 4 GiB) holds 2 vCPU and 3 GiB: 0.1 $/h x 1 h
                + "u-a,arn:aws:omics:us-east-1:123456789012:task/2222222,task,Align,2026-01-01T00:00:00Z,"
                + "2026-01-01T01:00:00Z,3600.000000,4,0,16,omics.m.xlarge,omics.c.large,2,4,0.200000,0.100000,0.500000,"
                + "0.187500,,4,2,1.500000,0,16,3,2,,,\n"
                // cached: 0.1 $/h x 60 s; a name with a comma is quoted
                + "u-b,arn:aws:omics:us-east-1:123456789012:task/3333333,task,\"Cached, shard 1\",,,,2,0,4,omics.c.large,"
                + "omics.c.large,,,0.001667,0.001667,,,,,,,,,,,,,\n", run.out());
        assertEquals("", run.err());
    }

    @Test
    void printsTheTotalsAsJson() throws Exception {
        CommandRun run = CommandRun.of("analyze", "--manifest", MANIFEST, "--prices", PRICES, "--format", "json");

        JsonNode analysis = Json.MAPPER.readTree(run.out());
        assertEquals(0.24 + 0.2 + 0.1 * 60 / 3600, analysis.get("totalEstimatedUSD").asDouble(), 1e-12);
        assertEquals(0.24 + 0.1 + 0.1 * 60 / 3600, analysis.get("totalMinimumUSD").asDouble(), 1e-12);
        assertEquals(0.1, analysis.get("potentialSavingUSD").asDouble(), 1e-12);
        assertEquals("us-east-1", analysis.get("region").asText(), "the run ARN's region");
        assertEquals("omics.c.large", analysis.get("tasks").get(0).get("omicsInstanceTypeMinimum").asText());
    }

    @Test
    void warnsAboutPricesTheBookLacks() {
        CommandRun run = CommandRun.of("analyze", "--manifest", MANIFEST, "--prices", PRICES, "--price-region", "eu-west-1");

        assertEquals(0, run.exitCode());
        assertEquals("warning: no price for Run Storage, omics.c.large, omics.m.xlarge in eu-west-1: those costs are "
                + "blank and the totals leave them out\n", run.err());
    }

    @Test
    void rejectsAHeadroomOutsideZeroToOne() {
        CommandRun run = CommandRun.of("analyze", "--manifest", MANIFEST, "--headroom", "10");

        assertEquals(2, run.exitCode());
        assertEquals("analyze: --headroom is 10.0; give a fraction between 0.0 and 1.0, e.g. 0.1 for 10%\n", run.err());
    }

    @Test
    void aMissingManifestSaysWhatToGive() {
        CommandRun run = CommandRun.of("analyze", "--manifest", "no-such-manifest.json");

        assertEquals(2, run.exitCode());
        assertEquals("analyze: no manifest at no-such-manifest.json: give the path of a saved manifest (JSON array or "
                + "NDJSON)\n", run.err());
    }

    @Test
    void batchModeAggregatesByTaskBaseName() {
        CommandRun run = CommandRun.of("analyze", "--batch", "--engine", "WDL", "--manifest", MANIFEST, "--prices", PRICES);

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("type,name,count,"), run.out());
        assertEquals(3, run.out().lines().count(), "header and one row per base name: " + run.out());
    }

    @Test
    void batchModeNeedsAnEngineWhenTheManifestNamesNone() {
        CommandRun run = CommandRun.of("analyze", "--batch", "--manifest", MANIFEST, "--prices", PRICES);

        assertEquals(2, run.exitCode());
        assertEquals("analyze: the manifest's run record names no engine, which --batch needs to find task base names: "
                + "pass --engine WDL, NEXTFLOW or CWL\n", run.err());
    }

    static String resource(String name) {
        try {
            return Path.of(AnalyzeCommandTest.class.getResource("/" + name).toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new AssertionError(e);
        }
    }
}
