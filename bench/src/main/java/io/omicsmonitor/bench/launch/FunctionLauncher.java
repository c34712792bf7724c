package io.omicsmonitor.bench.launch;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The measured process of a cold start: what Lambda's runtime does with a function jar, and nothing else. It loads the
 * handler class by name, calls its no-arg constructor (the function reads its environment and builds its SDK
 * clients, as in Lambda's init phase), optionally runs the SnapStart priming, and hands the handler one event.
 *
 * <p>Runs beside a function jar on the class path and uses only what every function jar holds. Reports one line on
 * standard error, {@code BENCH {...}}, with the phases' times; whole-process wall time and RSS are measured outside.
 *
 * <pre>
 * java -cp function.jar:bench-launcher.jar io.omicsmonitor.bench.launch.FunctionLauncher \
 *      HANDLER_CLASS EVENT_FILE [--id EVENT_ID] [--prime] [--warm N --events FILE,FILE,...]
 * </pre>
 *
 * {@code --prime} runs the handler's SnapStart priming (its CRaC {@code beforeCheckpoint}) after init, as Lambda does
 * before the snapshot: with an AOT/CDS cache trained on such a run it is the local stand-in for a SnapStart restore.
 * {@code --warm N} then sends N more events, cycling through {@code --events}, each with a fresh event id. Every event
 * is sent with the current time, as EventBridge delivers it.
 */
public final class FunctionLauncher {

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern TIME = Pattern.compile("\"time\"\\s*:\\s*\"([^\"]+)\"");

    private FunctionLauncher() {
    }

    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        if (args.length < 2) {
            System.err.println("usage: FunctionLauncher HANDLER_CLASS EVENT_FILE [--id ID] [--prime] [--warm N --events F,F]");
            System.exit(2);
        }
        String handlerClass = args[0];
        Path eventFile = Path.of(args[1]);
        String id = null;
        boolean prime = false;
        int warm = 0;
        List<Path> warmEvents = List.of(eventFile);
        for (int i = 2; i < args.length; i++) {
            switch (args[i]) {
                case "--id" -> id = args[++i];
                case "--prime" -> prime = true;
                case "--warm" -> warm = Integer.parseInt(args[++i]);
                case "--events" -> warmEvents = Arrays.stream(args[++i].split(",")).map(Path::of).toList();
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }

        // Lambda's init phase: the handler class loaded by name and built with its no-arg constructor.
        RequestStreamHandler handler = (RequestStreamHandler) Class.forName(handlerClass).getConstructor().newInstance();
        long initialized = System.nanoTime();
        if (prime) {
            Class.forName("io.omicsmonitor.common.lambda.SnapStartPriming").getMethod("primeRegistered").invoke(null);
        }
        long primed = System.nanoTime();

        byte[] event = delivered(Files.readAllBytes(eventFile), id);
        String output = invoke(handler, event);
        long firstEvent = System.nanoTime();

        StringBuilder report = new StringBuilder();
        report.append(String.format(Locale.ROOT, "{\"handler\":\"%s\",\"initMs\":%.1f,\"primeMs\":%.1f,\"firstEventMs\":%.1f,"
                        + "\"mainToFirstEventDoneMs\":%.1f", handlerClass, ms(initialized - start), ms(primed - initialized),
                ms(firstEvent - primed), ms(firstEvent - start)));
        if (warm > 0) {
            report.append(',').append(warm(handler, warmEvents, warm, id == null ? "warm" : id));
        }
        report.append(",\"output\":").append(output.isEmpty() ? "null" : output).append('}');
        System.err.println("BENCH " + report);
        // Lambda freezes the environment after the response; a local process ends here, whatever threads the SDK left.
        System.exit(0);
    }

    private static String warm(RequestStreamHandler handler, List<Path> files, int count, String idPrefix) throws IOException {
        List<byte[]> events = new ArrayList<>();
        for (Path file : files) {
            events.add(Files.readAllBytes(file));
        }
        callTimer("resetAll");
        long[] nanos = new long[count];
        // per sample event file too: a tail that belongs to one kind of event (one more API call) shows there
        Map<String, List<Long>> byFile = new LinkedHashMap<>();
        int failed = 0;
        String firstFailure = null;
        long begin = System.nanoTime();
        for (int i = 0; i < count; i++) {
            // ids unique to this run: a run after another against the same server must not find its records there
            // already (a FAILED event whose record exists is a redelivery: no GetRun, no alert)
            byte[] event = delivered(events.get(i % events.size()), String.format(Locale.ROOT, "%s-%08d", idPrefix, i));
            long t0 = System.nanoTime();
            try {
                invoke(handler, event);
            } catch (RuntimeException e) {
                // a failed invocation: Lambda would report it and EventBridge retry it; counted, and the run goes on
                failed++;
                if (firstFailure == null) {
                    firstFailure = e.toString().replace('"', '\'');
                }
            }
            nanos[i] = System.nanoTime() - t0;
            byFile.computeIfAbsent(files.get(i % files.size()).getFileName().toString(), k -> new ArrayList<>()).add(nanos[i]);
        }
        double seconds = (System.nanoTime() - begin) / 1e9;
        long[] steady = Arrays.copyOfRange(nanos, Math.min(count - 1, count / 10), count);
        return String.format(Locale.ROOT, "\"warmEvents\":%d,\"failedEvents\":%d,\"firstFailure\":%s,\"eventsPerSecond\":%.0f,\"p50Ms\":%.2f,\"p90Ms\":%.2f,"
                        + "\"p99Ms\":%.2f,\"maxMs\":%.2f,\"steadyP50Ms\":%.2f,\"steadyP99Ms\":%.2f",
                count, failed, firstFailure == null ? "null" : "\"" + firstFailure + "\"", count / seconds, pct(nanos, 50), pct(nanos, 90), pct(nanos, 99), pct(nanos, 100),
                pct(steady, 50), pct(steady, 99)) + ",\"byEvent\":" + byEvent(byFile) + ",\"calls\":" + callTimer("json");
    }

    /**
     * The per-call timer's answer when {@code bench/run.sh warm} put it on the class path (see CallTimer), else null.
     * By reflection: this launcher holds nothing but itself.
     */
    private static String callTimer(String method) {
        try {
            return (String) Class.forName("io.omicsmonitor.bench.calls.CallTimer").getMethod(method).invoke(null);
        } catch (ClassNotFoundException e) {
            return null;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the call timer failed", e);
        }
    }

    private static String byEvent(Map<String, List<Long>> byFile) {
        StringBuilder json = new StringBuilder("{");
        byFile.forEach((file, list) -> {
            long[] values = list.stream().mapToLong(Long::longValue).toArray();
            json.append(json.length() > 1 ? "," : "").append(String.format(Locale.ROOT,
                    "\"%s\":{\"events\":%d,\"p50Ms\":%.2f,\"p90Ms\":%.2f,\"p99Ms\":%.2f,\"maxMs\":%.2f}",
                    file, values.length, pct(values, 50), pct(values, 90), pct(values, 99), pct(values, 100)));
        });
        return json.append('}').toString();
    }

    private static String invoke(RequestStreamHandler handler, byte[] event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // The event functions do not read Lambda's context; the escalation function reads the ARN it was invoked by.
        handler.handleRequest(new ByteArrayInputStream(event), out, new InvokedAs(handler.getClass().getSimpleName()));
        return out.toString(StandardCharsets.UTF_8).trim();
    }

    /** Lambda's context, as much of it as a handler here reads: the invoked ARN (its live alias). */
    private record InvokedAs(String function) implements Context {
        @Override public String getAwsRequestId() { return "bench"; }
        @Override public String getLogGroupName() { return null; }
        @Override public String getLogStreamName() { return null; }
        @Override public String getFunctionName() { return function; }
        @Override public String getFunctionVersion() { return "1"; }
        @Override public String getInvokedFunctionArn() {
            return "arn:aws:lambda:us-west-2:123456789012:function:omics-monitor-" + function + ":live";
        }
        @Override public CognitoIdentity getIdentity() { return null; }
        @Override public ClientContext getClientContext() { return null; }
        @Override public int getRemainingTimeInMillis() { return 30_000; }
        @Override public int getMemoryLimitInMB() { return 512; }
        @Override public LambdaLogger getLogger() { return null; }
    }

    /**
     * The event as EventBridge would deliver it now: its envelope id replaced (so each run writes a new object; a
     * replay would skip the alert), and its time the current second (a sample's own date ages past what a function
     * accepts: custom-metrics skips events older than CloudWatch takes).
     */
    private static byte[] delivered(byte[] event, String id) {
        String text = new String(event, StandardCharsets.UTF_8);
        int detail = text.indexOf("\"detail\"");
        if (!text.contains("\"detail-type\"")) {
            return event; // not an EventBridge event (an SNS notification, a direct invocation): delivered as it is
        }
        Matcher time = TIME.matcher(text);
        if (!time.find() || (detail >= 0 && time.start() > detail)) {
            throw new IllegalArgumentException("the event has no envelope \"time\"");
        }
        text = text.substring(0, time.start(1)) + Instant.now().truncatedTo(ChronoUnit.SECONDS) + text.substring(time.end(1));
        if (id == null) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        Matcher m = ID.matcher(text);
        if (!m.find()) {
            throw new IllegalArgumentException("the event has no \"id\"");
        }
        return (text.substring(0, m.start(1)) + id + text.substring(m.end(1))).getBytes(StandardCharsets.UTF_8);
    }

    private static double pct(long[] values, int percentile) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return ms(sorted[Math.max(0, Math.min(sorted.length - 1, index))]);
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
