package io.omicsmonitor.bench.calls;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Times every AWS call a function makes, per service and operation, and counts the attempts each took: where a warm
 * event's time goes, and whether any of it is a retry. The SDK adds it to every client it builds because
 * {@code bench/run.sh warm} puts it on the class path with a {@code software/amazon/awssdk/global/handlers/
 * execution.interceptors} file naming it (bench/src/calls); the functions themselves never see it. The launcher reads
 * it by reflection ({@link #resetAll()}, {@link #json()}), single-threaded as the handlers are.
 */
public final class CallTimer implements ExecutionInterceptor {

    private static final ExecutionAttribute<Long> STARTED = new ExecutionAttribute<>("bench.callStarted");
    private static final ExecutionAttribute<Integer> ATTEMPTS = new ExecutionAttribute<>("bench.callAttempts");
    private static final Map<String, Calls> CALLS = new TreeMap<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        attributes.putAttribute(STARTED, System.nanoTime());
        attributes.putAttribute(ATTEMPTS, 0);
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        attributes.putAttribute(ATTEMPTS, attributes.getAttribute(ATTEMPTS) + 1);
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        record(attributes, false);
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        record(attributes, true);
    }

    private static void record(ExecutionAttributes attributes, boolean failed) {
        Long started = attributes.getAttribute(STARTED);
        if (started == null) {
            return;
        }
        long nanos = System.nanoTime() - started;
        String name = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + ":"
                + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        synchronized (CALLS) {
            CALLS.computeIfAbsent(name, k -> new Calls()).add(nanos, attributes.getAttribute(ATTEMPTS), failed);
        }
    }

    /** Forgets what was timed so far (the cold event), so the report covers the warm events only. */
    public static void resetAll() {
        synchronized (CALLS) {
            CALLS.clear();
        }
    }

    /** {"S3:PutObject":{"calls":..,"p50Ms":..,"p99Ms":..,"maxMs":..,"retriedCalls":..,"failedCalls":..},...} */
    public static String json() {
        StringBuilder json = new StringBuilder("{");
        synchronized (CALLS) {
            CALLS.forEach((name, calls) -> json.append(json.length() > 1 ? "," : "").append(calls.json(name)));
        }
        return json.append('}').toString();
    }

    private static final class Calls {
        private final List<Long> nanos = new ArrayList<>();
        private int retried;
        private int failed;

        void add(long duration, int attempts, boolean failedCall) {
            nanos.add(duration);
            retried += attempts > 1 ? 1 : 0;
            failed += failedCall ? 1 : 0;
        }

        String json(String name) {
            long[] sorted = nanos.stream().mapToLong(Long::longValue).toArray();
            Arrays.sort(sorted);
            return String.format(Locale.ROOT, "\"%s\":{\"calls\":%d,\"p50Ms\":%.2f,\"p99Ms\":%.2f,\"maxMs\":%.2f,"
                    + "\"retriedCalls\":%d,\"failedCalls\":%d}", name, sorted.length, pct(sorted, 50), pct(sorted, 99),
                    sorted[sorted.length - 1] / 1e6, retried, failed);
        }

        private static double pct(long[] sorted, int percentile) {
            int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
        }
    }
}
