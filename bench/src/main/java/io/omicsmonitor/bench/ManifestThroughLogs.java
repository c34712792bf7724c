package io.omicsmonitor.bench;

import io.omicsmonitor.analyzer.JsonPriceBook;
import io.omicsmonitor.analyzer.RunAnalysis;
import io.omicsmonitor.analyzer.RunAnalyzer;
import io.omicsmonitor.analyzer.StatsCsv;
import io.omicsmonitor.common.Env;
import io.omicsmonitor.common.aws.AwsClients;
import io.omicsmonitor.manifest.Manifest;
import io.omicsmonitor.manifest.logs.ManifestLogReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What the manifest processor and the run analyzer do with a big run, for as long as their handlers are not built:
 * the run's manifest read page by page from CloudWatch Logs (the paging stub of {@link LocalEndpoints}), analyzed, and
 * the stats CSV put into the lake, with the SDK clients built from the environment as a function builds them. Run it
 * with the heap a 1,024 MB Lambda gives (bench/run.sh lambda-limits) to see that a 50,000-task run fits.
 *
 * <pre>java -Xmx870m -cp ... io.omicsmonitor.bench.ManifestThroughLogs RUN_ID RUN_UUID</pre>
 */
public final class ManifestThroughLogs {

    private ManifestThroughLogs() {
    }

    public static void main(String[] args) {
        long start = System.nanoTime();
        Env env = Env.system();
        AwsClients aws = AwsClients.fromEnvironment(env);
        ManifestLogReader reader = ManifestLogReader.fromEnvironment(env, aws);
        S3Client s3 = aws.s3();
        long initialized = System.nanoTime();

        Manifest manifest = reader.read(args[0], args[1]);
        long read = System.nanoTime();
        RunAnalysis analysis = new RunAnalyzer(JsonPriceBook.defaults()).analyze(manifest, 0.0);
        byte[] csv = StatsCsv.toString(analysis).getBytes(StandardCharsets.UTF_8);
        long analyzed = System.nanoTime();
        s3.putObject(b -> b.bucket(env.required("LAKE_BUCKET")).key("lake/bench/run-" + args[0] + "-stats.csv")
                .contentType("text/csv"), RequestBody.fromBytes(csv));
        long written = System.nanoTime();
        System.err.printf(Locale.ROOT, "BENCH {\"tasks\":%d,\"initMs\":%.0f,\"readLogsMs\":%.0f,\"analyzeMs\":%.0f,"
                        + "\"putCsvMs\":%.0f,\"csvMiB\":%.1f,\"mainMs\":%.0f,%s}%n", manifest.tasks().size(),
                (initialized - start) / 1e6, (read - initialized) / 1e6, (analyzed - read) / 1e6,
                (written - analyzed) / 1e6, csv.length / 1048576.0, (written - start) / 1e6, ProcessStats.json());
        System.exit(0);
    }
}
