package io.omicsmonitor.bench;

import io.omicsmonitor.local.LocalAws;
import io.omicsmonitor.local.LocalS3;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Why the lake writers' warm p99 is high: PutObject of a lake-row-sized body (600 bytes) through the functions' client
 * (url-connection) against the local S3 server, as the SDK sends it ({@code Expect: 100-continue}, added by S3's
 * streaming interceptor) and with that header removed, alternating blocks. {@code bench/run.sh expect-continue}.
 *
 * <pre>java -cp ... io.omicsmonitor.bench.PutObjectExpectContinue [PUTS_PER_BLOCK]</pre>
 */
public final class PutObjectExpectContinue {

    private static final ExecutionInterceptor NO_EXPECT = new ExecutionInterceptor() {
        @Override
        public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
            return context.httpRequest().toBuilder().removeHeader("Expect").build();
        }
    };

    private PutObjectExpectContinue() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        try (LocalS3 s3 = LocalS3.inMemory()) {
            s3.createBucket("bench");
            S3Client client = LocalAws.clients(Map.of("s3", s3.endpoint())).s3();
            byte[] body = new byte[600];
            Arrays.fill(body, (byte) 'x');
            int key = 0;
            for (String mode : List.of("warm-up", "expect-100", "no-expect", "expect-100", "no-expect")) {
                long[] nanos = new long[n];
                int failed = 0;
                for (int i = 0; i < n; i++) {
                    String name = mode + "/" + key++;
                    long t0 = System.nanoTime();
                    try {
                        if (mode.equals("no-expect")) {
                            client.putObject(b -> b.bucket("bench").key(name).overrideConfiguration(o -> o.addPlugin(
                                    c -> c.overrideConfiguration(c.overrideConfiguration().toBuilder()
                                            .addExecutionInterceptor(NO_EXPECT).build()))), RequestBody.fromBytes(body));
                        } else {
                            client.putObject(b -> b.bucket("bench").key(name), RequestBody.fromBytes(body));
                        }
                    } catch (RuntimeException e) {
                        failed++;
                    }
                    nanos[i] = System.nanoTime() - t0;
                }
                Arrays.sort(nanos);
                System.err.printf(Locale.ROOT, "BENCH {\"mode\":\"%s\",\"puts\":%d,\"failed\":%d,\"p50Ms\":%.2f,\"p90Ms\":%.2f,"
                                + "\"p99Ms\":%.2f,\"maxMs\":%.1f}%n", mode, n, failed, nanos[n / 2] / 1e6,
                        nanos[n * 9 / 10] / 1e6, nanos[Math.min(n - 1, n * 99 / 100)] / 1e6, nanos[n - 1] / 1e6);
            }
        }
        System.exit(0);
    }
}
