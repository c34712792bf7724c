package io.omicsmonitor.analyzer.testing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;

/**
 * Writes large, realistic run manifests for benchmarks and the CLI: one run record and N task records, deterministic
 * for a seed. Tasks carry WDL ({@code HaplotypeCaller-12-1}) or Nextflow ({@code NFCORE_SAREK:...:BWAMEM1_MEM (S3)})
 * names, c/m/r instance types sized to their requests, overlapping times (some without {@code Z}, some with
 * microseconds), and the quirks of real manifests: about 2% call-cached tasks with no times and {@code metrics: {}},
 * 0.5% GPU tasks, 0.1% tasks without a metrics key.
 */
public final class ManifestGenerator {

    /** NDJSON (one record a line, as exported from CloudWatch Logs) or a JSON array ({@code --show}). */
    public enum Format { NDJSON, JSON_ARRAY }

    private static final String ACCOUNT = "123456789012";
    private static final String[] WDL_TASKS = {"FastQC", "BwaMem", "SortSam", "MarkDuplicates", "BaseRecalibrator",
        "ApplyBQSR", "HaplotypeCaller", "MergeVCFs", "GenotypeGVCFs", "CollectMetrics"};
    private static final String[] NEXTFLOW_TASKS = {"NFCORE_SAREK:SAREK:FASTQC", "NFCORE_SAREK:SAREK:FASTP",
        "NFCORE_SAREK:SAREK:FASTQ_ALIGN_BWAMEM:BWAMEM1_MEM", "NFCORE_SAREK:SAREK:BAM_MARKDUPLICATES:GATK4_MARKDUPLICATES",
        "NFCORE_SAREK:SAREK:BAM_BASERECALIBRATOR:GATK4_BASERECALIBRATOR", "NFCORE_SAREK:SAREK:BAM_VARIANT_CALLING:DEEPVARIANT",
        "NFCORE_SAREK:SAREK:VCF_QC:BCFTOOLS_STATS", "NFCORE_SAREK:SAREK:MULTIQC"};
    private static final int[] CPUS = {1, 2, 4, 8, 16, 32, 48, 64, 96};
    private static final String[] SIZES = {"large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge",
        "16xlarge", "24xlarge", "32xlarge", "48xlarge"};
    private static final int[] SIZE_CPUS = {2, 4, 8, 16, 32, 48, 64, 96, 128, 192};
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS")
            .withZone(java.time.ZoneOffset.UTC);
    private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS")
            .withZone(java.time.ZoneOffset.UTC);

    private final long seed;
    private final String region;

    public ManifestGenerator(long seed) {
        this(seed, "us-east-1");
    }

    public ManifestGenerator(long seed, String region) {
        this.seed = seed;
        this.region = region;
    }

    public void write(int taskCount, Format format, Writer out) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        long runId = 1_000_000 + random.nextLong(9_000_000);
        String runArn = "arn:aws:omics:" + region + ":" + ACCOUNT + ":run/" + runId;
        boolean nextflow = random.nextBoolean();
        Instant created = Instant.parse("2025-03-01T08:00:00Z").plusSeconds(random.nextLong(86_400L * 200));
        Instant runStart = created.plusSeconds(300 + random.nextLong(600));
        // the run's length grows slowly with its size so concurrency stays realistic (hundreds, not thousands)
        long runSeconds = 3_600 + (long) (Math.sqrt(taskCount) * 600);

        JsonFactory factory = new JsonFactory();
        factory.setRootValueSeparator(format == Format.NDJSON ? "\n" : null);
        JsonGenerator json = factory.createGenerator(out);
        json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        if (format == Format.JSON_ARRAY) {
            json.writeStartArray();
        }
        // the run record first, as --show prints it; readers find it by its ARN, not its position
        writeRun(json, random, runId, runArn, nextflow, created, runStart, runSeconds);
        for (int i = 0; i < taskCount; i++) {
            writeTask(json, random, runArn, nextflow, runStart, runSeconds, i);
        }
        if (format == Format.JSON_ARRAY) {
            json.writeEndArray();
        }
        json.flush();
        if (format == Format.NDJSON) {
            out.write('\n');
        }
        out.flush();
    }

    private void writeRun(JsonGenerator json, SplittableRandom random, long runId, String runArn, boolean nextflow,
            Instant created, Instant start, long runSeconds) throws IOException {
        boolean dynamic = random.nextInt(3) == 0;
        json.writeStartObject();
        json.writeStringField("arn", runArn);
        json.writeStringField("uuid", uuid(random));
        json.writeStringField("name", (nextflow ? "sarek-" : "germline-") + runId);
        json.writeStringField("workflow", "arn:aws:omics:" + region + ":" + ACCOUNT + ":workflow/" + (runId / 7));
        json.writeStringField("workflowType", "PRIVATE");
        json.writeStringField("engine", nextflow ? "NEXTFLOW" : "WDL");
        json.writeStringField("status", "COMPLETED");
        json.writeStringField("storageType", dynamic ? "DYNAMIC" : "STATIC");
        if (!dynamic) {
            json.writeNumberField("storageCapacity", random.nextBoolean() ? 1200 : 4800);
        }
        json.writeStringField("creationTime", MILLIS.format(created) + "Z");
        json.writeStringField("startTime", MILLIS.format(start) + "Z");
        json.writeStringField("stopTime", MILLIS.format(start.plusSeconds(runSeconds + 120)) + "Z");
        json.writeObjectFieldStart("metrics");
        long reserved = dynamic ? 0 : 1200;
        double maximum = 200 + random.nextDouble() * 900;
        if (!dynamic) {
            json.writeNumberField("storageReservedGiB", reserved);
        }
        json.writeNumberField("storageMaximumGiB", round(maximum, 3));
        json.writeNumberField("storageAverageGiB", round(maximum * (0.4 + random.nextDouble() * 0.4), 3));
        json.writeNumberField("runningSeconds", runSeconds + 120);
        json.writeEndObject();
        json.writeEndObject();
    }

    private void writeTask(JsonGenerator json, SplittableRandom random, String runArn, boolean nextflow,
            Instant runStart, long runSeconds, int index) throws IOException {
        int kind = random.nextInt(1000);
        boolean cached = kind < 20;
        boolean gpu = kind >= 20 && kind < 25;
        boolean noMetrics = kind == 25;

        int cpus = gpu ? 4 : CPUS[Math.min(CPUS.length - 1, (int) Math.abs(random.nextGaussian() * 2.5))];
        int gibPerCpu = new int[] {1, 2, 4, 8}[random.nextInt(4)];
        int memory = Math.max(1, cpus * gibPerCpu);
        String instanceType = gpu ? "omics.g5.xlarge" : reserve(cpus, memory);
        int reservedCpus = gpu ? 4 : cpusOf(instanceType);
        int reservedMemory = gpu ? 16 : reservedCpus * familyRatio(instanceType);

        json.writeStartObject();
        json.writeStringField("arn", "arn:aws:omics:" + region + ":" + ACCOUNT + ":task/" + (2_000_000 + index));
        json.writeStringField("run", runArn);
        json.writeStringField("uuid", uuid(random));
        json.writeStringField("name", name(random, nextflow, index));
        json.writeStringField("image", ACCOUNT + ".dkr.ecr." + region + ".amazonaws.com/tools:1." + random.nextInt(9));
        json.writeStringField("instanceType", instanceType);
        json.writeNumberField("cpus", cpus);
        json.writeNumberField("memory", memory);
        json.writeNumberField("gpus", gpu ? 1 : 0);
        json.writeStringField("status", "COMPLETED");
        if (cached) {
            json.writeObjectFieldStart("metrics");
            json.writeEndObject();
            json.writeEndObject();
            return;
        }
        long offset = (long) (random.nextDouble() * runSeconds * 0.9);
        long duration = Math.max(5, (long) Math.exp(4 + random.nextDouble() * 4.5)); // 5 s .. ~1.5 h, skewed short
        Instant start = runStart.plusSeconds(offset).plusMillis(random.nextInt(1000));
        Instant stop = start.plusSeconds(duration).plus(random.nextInt(1_000_000), ChronoUnit.MICROS);
        json.writeStringField("creationTime", time(random, start.minusSeconds(30 + random.nextInt(300))));
        json.writeStringField("startTime", time(random, start));
        json.writeStringField("stopTime", time(random, stop));
        if (noMetrics) {
            json.writeEndObject();
            return;
        }
        double cpuUse = 0.1 + random.nextDouble() * 0.9;
        double memoryUse = 0.1 + random.nextDouble() * 0.9;
        json.writeObjectFieldStart("metrics");
        json.writeNumberField("cpusReserved", reservedCpus);
        json.writeNumberField("cpusAverage", round(reservedCpus * cpuUse * 0.7, 4));
        json.writeNumberField("cpusMaximum", round(reservedCpus * cpuUse, 4));
        json.writeNumberField("gpusReserved", gpu ? 1 : 0);
        json.writeNumberField("memoryReservedGiB", reservedMemory);
        json.writeNumberField("memoryAverageGiB", round(reservedMemory * memoryUse * 0.6, 4));
        json.writeNumberField("memoryMaximumGiB", round(reservedMemory * memoryUse, 4));
        json.writeNumberField("runningSeconds", duration);
        json.writeEndObject();
        json.writeEndObject();
    }

    private static String name(SplittableRandom random, boolean nextflow, int index) {
        if (nextflow) {
            String process = NEXTFLOW_TASKS[random.nextInt(NEXTFLOW_TASKS.length)];
            // now and then a tag with a comma, which the CSV must quote
            return process + (random.nextInt(50) == 0 ? " (S" + index % 97 + ", lane " + random.nextInt(4) + ")"
                    : " (S" + index % 97 + ")");
        }
        return WDL_TASKS[random.nextInt(WDL_TASKS.length)] + "-" + (index % 500) + "-" + random.nextInt(3);
    }

    /** Mostly {@code ...sss Z}; one in ten without the Z, one in twenty with microseconds (as real manifests). */
    private static String time(SplittableRandom random, Instant t) {
        int pick = random.nextInt(20);
        if (pick == 0) {
            return MICROS.format(t) + "Z";
        }
        return MILLIS.format(t) + (pick <= 2 ? "" : "Z");
    }

    private static String reserve(int cpus, int memory) {
        String[] families = {"c", "m", "r"};
        for (int s = 0; s < SIZES.length; s++) {
            if (SIZE_CPUS[s] < cpus) {
                continue;
            }
            for (String family : families) {
                if (SIZE_CPUS[s] * familyRatio("omics." + family + ".x") >= memory) {
                    return "omics." + family + "." + SIZES[s];
                }
            }
        }
        return "omics.r.48xlarge";
    }

    private static int cpusOf(String type) {
        String size = type.substring(type.lastIndexOf('.') + 1);
        for (int s = 0; s < SIZES.length; s++) {
            if (SIZES[s].equals(size)) {
                return SIZE_CPUS[s];
            }
        }
        throw new IllegalArgumentException(type);
    }

    private static int familyRatio(String type) {
        return switch (type.charAt("omics.".length())) {
            case 'c' -> 2;
            case 'm' -> 4;
            default -> 8;
        };
    }

    private static String uuid(SplittableRandom random) {
        return new java.util.UUID(random.nextLong(), random.nextLong()).toString();
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
