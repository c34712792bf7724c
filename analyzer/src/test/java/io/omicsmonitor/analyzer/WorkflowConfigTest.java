package io.omicsmonitor.analyzer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import groovy.util.ConfigObject;
import groovy.util.ConfigSlurper;
import io.omicsmonitor.manifest.Manifest;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code analyze --write-config}'s three shapes, byte for byte on the recorded sample runs, read back by what reads
 * them (Groovy's ConfigSlurper for Nextflow, a JSON parser for WDL and CWL), and at 50,000 tasks.
 */
class WorkflowConfigTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static RecommendedResources recommended(Manifest manifest, double headroom) {
        return new RecommendedResources(manifest.run().engine(), headroom)
                .addAll(List.of(SampleManifests.analyze(manifest, headroom)));
    }

    @Test
    void nextflowSelectorsAreQuotedFullyQualifiedNamesWithTheLargestShard() throws IOException {
        // rnaseq-batch-17: STAR_ALIGN's four samples right-size to c.4xlarge (16, 32) twice and m.4xlarge (16, 64)
        // twice (32.4 and 32.71 GiB at most): the selector takes 16 vCPUs, 64 GB. RSEQC never started: left out.
        RecommendedResources sizes = recommended(SampleManifests.recorded("8264019"), 0.0);
        String config = NextflowConfig.render(sizes.sizes());

        assertEquals("""
                process {
                    withName: 'NFCORE_RNASEQ:RNASEQ:ALIGN_STAR:STAR_ALIGN' {
                        cpus = 16
                        memory = '64 GB'
                    }
                    withName: 'NFCORE_RNASEQ:RNASEQ:FASTQ_FASTQC_UMITOOLS_TRIMGALORE:FASTQC' {
                        cpus = 4
                        memory = '8 GB'
                    }
                    withName: 'NFCORE_RNASEQ:RNASEQ:FASTQ_FASTQC_UMITOOLS_TRIMGALORE:TRIMGALORE' {
                        cpus = 8
                        memory = '16 GB'
                    }
                    withName: 'NFCORE_RNASEQ:RNASEQ:PREPARE_GENOME:GUNZIP_GTF' {
                        cpus = 2
                        memory = '4 GB'
                    }
                    withName: 'NFCORE_RNASEQ:RNASEQ:PREPARE_GENOME:STAR_GENOMEGENERATE' {
                        cpus = 16
                        memory = '64 GB'
                    }
                    withName: 'NFCORE_RNASEQ:RNASEQ:QUANTIFY_STAR_SALMON:SALMON_QUANT' {
                        cpus = 8
                        memory = '16 GB'
                    }
                }
                """, config);
        assertEquals(Map.of("NFCORE_RNASEQ:RNASEQ:BAM_RSEQC:RSEQC_INFEREXPERIMENT",
                "no measured maxima (call-cached, or no metrics)"), sizes.skipped());

        ConfigObject process = (ConfigObject) new ConfigSlurper().parse(config).get("process");
        assertEquals(6, process.size(), process.keySet().toString());
        ConfigObject star = (ConfigObject) process.get("NFCORE_RNASEQ:RNASEQ:ALIGN_STAR:STAR_ALIGN");
        assertEquals(16, star.get("cpus"));
        assertEquals("64 GB", star.get("memory"));
        ConfigObject salmon = (ConfigObject) process.get("NFCORE_RNASEQ:RNASEQ:QUANTIFY_STAR_SALMON:SALMON_QUANT");
        assertEquals(8, salmon.get("cpus"));
        assertEquals("16 GB", salmon.get("memory"));
    }

    @Test
    void upstreamsBareSelectorParsesAsLabelsAndLosesTheQualifiedName() {
        // why the names are quoted: `withName: A:B:C {` is the labels withName:, A:, B: and a block named C
        // (upstream writes `memory = 64.GB`, a unit Nextflow adds to Groovy's numbers: a string here)
        ConfigObject process = (ConfigObject) new ConfigSlurper().parse("""
                process {
                withName: NFCORE_RNASEQ:RNASEQ:ALIGN_STAR:STAR_ALIGN {
                    cpus = 16
                    memory = '64 GB'
                }
                }""").get("process");

        assertEquals(List.of("STAR_ALIGN"), List.copyOf(process.keySet()));
    }

    @Test
    void nextflowSelectorsEscapeWhatARegexOrAGroovyStringWouldRead() {
        Map<String, RecommendedResources.Size> sizes = new java.util.TreeMap<>(Map.of(
                "WF:ALIGN.v2", new RecommendedResources.Size(4, 8, "omics.c.xlarge"),
                "WF:O'BRIEN", new RecommendedResources.Size(2, 4, "omics.c.large")));
        String config = NextflowConfig.render(sizes);

        assertTrue(config.contains("withName: 'WF:ALIGN\\\\.v2' {\n"), config);
        assertTrue(config.contains("withName: 'WF:O\\'BRIEN' {\n"), config);
        ConfigObject process = (ConfigObject) new ConfigSlurper().parse(config).get("process");
        // the keys are what Nextflow compiles as a pattern: it matches the name, and only the name
        assertTrue("WF:ALIGN.v2".matches((String) process.keySet().stream().filter(k -> ((String) k).contains("ALIGN"))
                .findFirst().orElseThrow()));
        assertFalse("WF:ALIGNxv2".matches("WF:ALIGN\\.v2"));
        assertEquals(2, ((ConfigObject) process.get("WF:O'BRIEN")).get("cpus"));
    }

    @Test
    void wdlOverridesAreTheWdl11InputKeysPerCall() throws IOException {
        // NA12878-germline-wgs: BaseRecalibrator's shards right-size to c.large-sized (2, 8: m.large) three times
        // and c.xlarge (4, 8) once (2.05 vCPUs at most): 4 vCPUs, 8 GiB. MarkDuplicates used 2.13 vCPUs and 41.2
        // GiB: r.2xlarge (8, 64). CheckInputs was call-cached (metrics {}): left out.
        RecommendedResources sizes = recommended(SampleManifests.recorded("7382915"), 0.0);
        String json = WdlRuntimeOverrides.render(sizes.sizes(), "GermlineWgs");

        assertEquals("""
                {
                  "GermlineWgs.ApplyBQSR.runtime.cpu" : 2,
                  "GermlineWgs.ApplyBQSR.runtime.memory" : "8 GiB",
                  "GermlineWgs.BaseRecalibrator.runtime.cpu" : 4,
                  "GermlineWgs.BaseRecalibrator.runtime.memory" : "8 GiB",
                  "GermlineWgs.BwaMem.runtime.cpu" : 16,
                  "GermlineWgs.BwaMem.runtime.memory" : "32 GiB",
                  "GermlineWgs.GatherBamFiles.runtime.cpu" : 2,
                  "GermlineWgs.GatherBamFiles.runtime.memory" : "4 GiB",
                  "GermlineWgs.HaplotypeCaller.runtime.cpu" : 4,
                  "GermlineWgs.HaplotypeCaller.runtime.memory" : "16 GiB",
                  "GermlineWgs.MarkDuplicates.runtime.cpu" : 8,
                  "GermlineWgs.MarkDuplicates.runtime.memory" : "64 GiB",
                  "GermlineWgs.MergeBams.runtime.cpu" : 2,
                  "GermlineWgs.MergeBams.runtime.memory" : "16 GiB",
                  "GermlineWgs.MergeVCFs.runtime.cpu" : 2,
                  "GermlineWgs.MergeVCFs.runtime.memory" : "4 GiB",
                  "GermlineWgs.SplitFastq.runtime.cpu" : 4,
                  "GermlineWgs.SplitFastq.runtime.memory" : "8 GiB"
                }
                """, json);
        assertEquals(Map.of("CheckInputs", "no measured maxima (call-cached, or no metrics)"), sizes.skipped());
        JsonNode parsed = JSON.readTree(json);
        assertEquals(18, parsed.size());
        parsed.fields().forEachRemaining(e -> assertTrue(e.getKey().matches("GermlineWgs\\.\\w+\\.runtime\\.(cpu|memory)")
                && (e.getKey().endsWith("cpu") ? e.getValue().isIntegralNumber()
                        : e.getValue().asText().matches("\\d+ GiB")), e.toString()));
        assertThrows(IllegalArgumentException.class, () -> WdlRuntimeOverrides.render(sizes.sizes(), "a.b"));
    }

    @Test
    void headroomIsAppliedToTheMaximaBeforeTheWalk() throws IOException {
        // Mutect2_scatter-3-1 used 3.98 vCPUs and 15.93 GiB: with 10% headroom 5 and 18, which needs 8 vCPUs and
        // then m.2xlarge (32 GiB); without headroom m.xlarge (4, 16) holds every shard
        Manifest somatic = SampleManifests.recorded("9103774");
        assertEquals(new RecommendedResources.Size(4, 16, "omics.m.xlarge"),
                recommended(somatic, 0.0).sizes().get("Mutect2_scatter"));
        assertEquals(new RecommendedResources.Size(8, 32, "omics.m.2xlarge"),
                recommended(somatic, 0.1).sizes().get("Mutect2_scatter"));
    }

    @Test
    void cwlOverridesAreResourceRequirementsPerStepOfTheMainDocument() throws IOException {
        Manifest manifest = Manifests.ndjson(
                "{\"arn\":\"" + Manifests.RUN_ARN + "\",\"uuid\":\"u\",\"name\":\"cwl-run\",\"engine\":\"CWL\","
                        + "\"main\":\"workflow/main.cwl\",\"metrics\":{}}",
                Manifests.timed("bwa_mem_1", "omics.c.4xlarge", 0, 600,
                        "\"cpusReserved\":16,\"cpusMaximum\":12.5,\"memoryReservedGiB\":32,\"memoryMaximumGiB\":20"),
                Manifests.timed("bwa_mem_2", "omics.c.4xlarge", 0, 600,
                        "\"cpusReserved\":16,\"cpusMaximum\":7.1,\"memoryReservedGiB\":32,\"memoryMaximumGiB\":40.5"),
                Manifests.timed("index", "omics.c.large", 0, 60, "\"gpusReserved\":1,\"cpusMaximum\":1,"
                        + "\"memoryMaximumGiB\":1"));
        RecommendedResources sizes = recommended(manifest, 0.0);
        String json = CwlOverrides.render(sizes.sizes(), manifest.run().main());

        // bwa_mem_1 needs 13 vCPUs (c.4xlarge: 16, 32 GiB), bwa_mem_2 41 GiB (r.2xlarge: 8, 64): together
        // m.4xlarge, 16 vCPUs and 64 GiB = 65536 MiB. The GPU step keeps its accelerator: left out.
        assertEquals("""
                {
                  "cwltool:overrides" : {
                    "workflow/main.cwl#bwa_mem" : {
                      "requirements" : {
                        "ResourceRequirement" : {
                          "coresMin" : 16,
                          "coresMax" : 16,
                          "ramMin" : 65536,
                          "ramMax" : 65536
                        }
                      }
                    }
                  }
                }
                """, json);
        assertEquals(Map.of("index", "a GPU task: it keeps its accelerator's instance"), sizes.skipped());
        JsonNode requirement = JSON.readTree(json).path("cwltool:overrides").path("workflow/main.cwl#bwa_mem")
                .path("requirements").path("ResourceRequirement");
        assertEquals(16, requirement.path("coresMin").asInt());
        assertEquals(64 * 1024, requirement.path("ramMax").asInt());
    }

    @Test
    void aShardBeyondTheLargestInstanceLeavesItsTaskOut() {
        RecommendedResources sizes = new RecommendedResources("WDL", 0.5);
        sizes.add("Big-0-1", 10, 20, 0);
        sizes.add("Big-1-1", 180, 100, 0); // 180 x 1.5 = 270 vCPUs: nothing holds it
        sizes.add("Big-2-1", 12, 30, null);
        sizes.add("Small", 1, 1, null);

        assertEquals(List.of("Small"), List.copyOf(sizes.sizes().keySet()));
        assertEquals(Map.of("Big", "a shard needs 270 vCPUs and 150 GiB, more than the largest instance"),
                sizes.skipped());
    }

    @Test
    void anUnknownEngineIsRefusedUpFront() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RecommendedResources("SNAKEMAKE", 0.0));
        assertTrue(e.getMessage().contains("SNAKEMAKE"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RecommendedResources("WDL", 1.5));
    }

    @Test
    void fiftyThousandTasksGiveOneSelectorPerProcessHoldingEveryShard() throws IOException {
        Manifest manifest = SampleManifests.generated(nextflowSeed(), 50_000);
        RunAnalysis analysis = SampleManifests.analyze(manifest, 0.1);
        RecommendedResources sizes = new RecommendedResources("NEXTFLOW", 0.1).addAll(List.of(analysis));
        String config = NextflowConfig.render(sizes.sizes());

        // independently of RecommendedResources: the largest per-task recommendation by process
        Map<String, long[]> largest = new HashMap<>();
        for (ResourceRow task : analysis.tasks()) {
            boolean measured = TaskRows.truthy(task.cpusMaximum()) && TaskRows.truthy(task.memoryMaximumGiB())
                    && !TaskRows.truthy(task.gpusReserved());
            if (measured && !InstanceSelector.REQUIREMENTS_EXCEED_LARGEST_INSTANCE.equals(task.omicsInstanceTypeMinimum())) {
                long[] m = largest.computeIfAbsent(task.name().substring(0, task.name().indexOf(" (")), k -> new long[2]);
                m[0] = Math.max(m[0], task.recommendedCpus().longValue());
                m[1] = Math.max(m[1], task.recommendedMemoryGiB().longValue());
            }
        }
        ConfigObject process = (ConfigObject) new ConfigSlurper().parse(config).get("process");
        assertEquals(largest.keySet(), process.keySet());
        for (Map.Entry<String, long[]> e : largest.entrySet()) {
            ConfigObject selector = (ConfigObject) process.get(e.getKey());
            InstanceChoice holdsAll = InstanceSelector.smallestFitting(e.getValue()[0], e.getValue()[1]).orElseThrow();
            assertEquals((int) holdsAll.cpus(), selector.get("cpus"), e.getKey());
            assertEquals(holdsAll.memoryGiB() + " GB", selector.get("memory"), e.getKey());
        }
        assertEquals(50_000, sizes.tasks());
    }

    /** A seed whose generated run is a Nextflow run. */
    private static long nextflowSeed() {
        for (long seed = 1; ; seed++) {
            if (isNextflow(seed)) {
                return seed;
            }
        }
    }

    private static boolean isNextflow(long seed) {
        try {
            return "NEXTFLOW".equals(SampleManifests.generated(seed, 1).run().engine());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
