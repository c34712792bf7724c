package io.omicsmonitor.analyzer;

import static io.omicsmonitor.analyzer.Manifests.PRICES;
import static io.omicsmonitor.analyzer.Manifests.ndjson;
import static io.omicsmonitor.analyzer.Manifests.runWithMetrics;
import static io.omicsmonitor.analyzer.Manifests.task;
import static io.omicsmonitor.analyzer.Manifests.timed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchAnalyzerTest {

    private final RunAnalyzer analyzer = new RunAnalyzer(PRICES);

    @Test
    void baseNamesFollowEachEngine() {
        assertEquals("HaplotypeCaller", TaskBaseName.of("HaplotypeCaller-12-1", "WDL"));
        assertEquals("HaplotypeCaller", TaskBaseName.of("HaplotypeCaller-12-1-attempt2", "WDL"));
        assertEquals("Merge", TaskBaseName.of("Merge", "WDL"));
        assertEquals("call-bwa-x", TaskBaseName.of("call-bwa-x", "WDL")); // no -N-N suffix: the name itself
        assertEquals("NFCORE:SAREK:BWAMEM1_MEM", TaskBaseName.of("NFCORE:SAREK:BWAMEM1_MEM (S3, lane 1)", "NEXTFLOW"));
        assertEquals("MULTIQC", TaskBaseName.of("MULTIQC", "NEXTFLOW"));
        assertEquals("align", TaskBaseName.of("align_3", "CWL"));
        assertEquals("step2", TaskBaseName.of("step2", "CWL"));
        assertThrows(IllegalArgumentException.class, () -> TaskBaseName.of("x", "SNAKEMAKE"));
    }

    @Test
    void aggregatesScatteredTasks() throws IOException {
        RunAnalysis a = analyzer.analyze(ndjson(runWithMetrics(),
                timed("Call-0-0", "omics.c.2xlarge", 0, 100, "\"cpusReserved\":8,\"cpusMaximum\":4,\"memoryReservedGiB\":16,"
                        + "\"memoryMaximumGiB\":8,\"gpusReserved\":0"),
                timed("Call-1-0", "omics.c.2xlarge", 0, 300, "\"cpusReserved\":8,\"cpusMaximum\":2,\"memoryReservedGiB\":16,"
                        + "\"memoryMaximumGiB\":12,\"gpusReserved\":0"),
                task("\"name\":\"Call-2-0\",\"instanceType\":\"omics.c.2xlarge\",\"metrics\":{}"),
                timed("Align-0-0", "omics.r.large", 0, 60, "\"cpusReserved\":2,\"cpusMaximum\":1,\"memoryReservedGiB\":16,"
                        + "\"memoryMaximumGiB\":10")), 0.0);

        List<BatchRow> rows = BatchAnalyzer.aggregate(List.of(a), "WDL");

        assertEquals(List.of("Align", "Call"), rows.stream().map(BatchRow::name).toList());
        BatchRow call = rows.get(1);
        assertEquals(3, call.count());
        // running seconds 100.0, 300.0 and (cached, none) 0.0: mean 133.33.., max 300.0, sample stddev
        // sqrt(((100-133.3)^2 + (300-133.3)^2 + (0-133.3)^2) / (3-1)) = sqrt(46666.67 / 2) = 152.7525
        assertEquals(400.0 / 3, call.meanRunningSeconds().doubleValue(), 1e-9);
        assertEquals(300.0, call.maximumRunningSeconds());
        assertEquals(Math.sqrt(70000.0 / 3), call.stdDevRunningSeconds().doubleValue(), 1e-9);
        assertEquals(0.5, call.maximumCpuUtilizationRatio());
        assertEquals(0.75, call.maximumMemoryUtilizationRatio());
        assertEquals(0L, call.maximumGpusReserved());
        // per task (4, 8) -> c.xlarge (4 vCPU, 8 GiB), (2, 12) -> r.large (2, 16); the cached one has none.
        // Maxima 4 vCPU, 16 GiB -> m.xlarge. (Upstream's heaviest type would be r.large: 2 vCPU, too few.)
        assertEquals("omics.m.xlarge", call.recommendOmicsInstanceType());
        assertEquals(4L, call.recommendedCpus());
        assertEquals(16L, call.recommendedMemoryGiB());

        StringBuilder csv = new StringBuilder();
        BatchCsv.write(rows, csv);
        String[] lines = csv.toString().split("\n");
        assertEquals(BatchCsv.HEADER, lines[0]);
        // Align: one task of 60 s on r.large at 0.15 $/h = 0.0025 $; (1, 10) -> m.xlarge? no: 2 vCPU sizes first:
        // c.large 4 < 10, m.large 8 < 10, r.large 16 >= 10 -> r.large
        assertEquals("task,Align,1,60.0,60.0,0.0,0.5,0.5,0.625,0.625,0.0,0.0,2,16,omics.r.large,0.0025,0.0025", lines[1]);
    }

    @Test
    void batchTypeFitsEveryTasksMaxima() {
        // one task needs 8 vCPU (c.2xlarge), another 32 GiB on 4 vCPU (r.xlarge): upstream would pick r.xlarge
        // (more memory), which has too few vCPUs; the type fitting both maxima is m.2xlarge (8 vCPU, 32 GiB)
        RunAnalysis a = analyzer.analyze(ndjson(runWithMetrics(),
                timed("T-0-0", "omics.c.2xlarge", 0, 60, "\"cpusReserved\":8,\"cpusMaximum\":7,\"memoryReservedGiB\":16,"
                        + "\"memoryMaximumGiB\":10"),
                timed("T-1-0", "omics.r.xlarge", 0, 60, "\"cpusReserved\":4,\"cpusMaximum\":3,\"memoryReservedGiB\":32,"
                        + "\"memoryMaximumGiB\":30")), 0.0);

        assertEquals("omics.m.2xlarge", BatchAnalyzer.aggregate(List.of(a), "WDL").get(0).recommendOmicsInstanceType());
    }

    @Test
    void cellsPrintLikePythonRound4() {
        assertEquals("0.1235", BatchCsv.cell(0.12345678));
        assertEquals("3600.0", BatchCsv.cell(3600.0));
        assertEquals("0.0", BatchCsv.cell(0.00001));
        assertEquals("7", BatchCsv.cell(7L));
        assertEquals("", BatchCsv.cell(null));
    }
}
