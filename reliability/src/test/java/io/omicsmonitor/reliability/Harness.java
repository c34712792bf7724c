package io.omicsmonitor.reliability;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.omicsmonitor.common.Env;
import io.omicsmonitor.common.aws.AwsClients;
import io.omicsmonitor.local.ApiStub;
import io.omicsmonitor.local.FaultyS3;
import io.omicsmonitor.local.LocalAws;
import io.omicsmonitor.local.LocalS3;
import io.omicsmonitor.local.ManifestLogsStub;
import io.omicsmonitor.local.SampleEvents;
import io.omicsmonitor.manifests.ManifestProcessor;
import io.omicsmonitor.mapper.Json;
import io.omicsmonitor.metrics.CustomMetricsPublisher;
import io.omicsmonitor.runanalyzer.RunAnalyzerHandler;
import io.omicsmonitor.status.StatusEventRecorder;
import io.omicsmonitor.workflows.WorkflowRecorder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Every function of the project, wired as in production to AWS on loopback: a real S3 server (S3Proxy) behind a
 * fault-injecting proxy that also records every object PUT, and one HTTP stub answering Omics, SNS, CloudWatch and
 * CloudWatch Logs in their wire shapes, from the recorded responses in {@code events/recorded/}.
 *
 * <p>Every invocation goes through {@link #invoke}, which checks every object PUT the function made (failed attempts
 * and overwrites included) against the function's own table prefixes: over the whole suite, that is the proof that no
 * function writes outside its prefix.
 */
final class Harness implements AutoCloseable {

    static final String BUCKET = "omics-lake";
    static final String PREFIX = "lake";
    static final String TOPIC = "arn:aws:sns:us-west-2:123456789012:omics-monitor-alerts";
    static final Clock NOW = Clock.fixed(Instant.parse("2026-11-24T12:00:00Z"), ZoneOffset.UTC);

    /** Socket timeout of the functions' clients here: short, so a silent endpoint costs a test milliseconds. */
    static final Duration SOCKET_TIMEOUT = Duration.ofMillis(700);
    /** How long the fault proxy stays silent: past the socket timeout. */
    static final Duration SILENCE = Duration.ofMillis(1500);

    /** Credentials no AWS account accepts, distinctive enough to find in a log line. */
    static final String ACCESS_KEY = "AKIARELIABILITYTEST1";
    static final String SECRET_KEY = "reliability/Secret+Key/never-logged-0123456789";

    static final Map<String, String> RUN_UUIDS = Map.of(
            "7382915", "5f2b8a1e-3c4d-4e6f-9a7b-1c2d3e4f5a6b",
            "9103774", "9e8d7c6b-5a49-4838-9271-6a5b4c3d2e1f",
            "8264019", "7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d");

    /** Every object PUT checked against its function's prefixes, over the whole suite (reported in the docs). */
    static final AtomicLong PUTS_CHECKED = new AtomicLong();
    static final AtomicLong INVOCATIONS = new AtomicLong();

    /** The functions, each with the lake tables it may write, and its folder under {@code lake/_state/} if it has one. */
    enum Fn {
        STATUS(Set.of("run_status_events", "task_status_events", "workflow_status_events", "security_events"), null),
        WORKFLOWS(Set.of("workflows", "workflow_versions"), null),
        MANIFESTS(Set.of("runs", "tasks"), null),
        ANALYZER(Set.of("run_analysis", "run_analysis_csv"), null),
        METRICS(Set.of(), "custom-metrics");

        final Set<String> tables;
        final String state;

        Fn(Set<String> tables, String state) {
            this.tables = tables;
            this.state = state;
        }
    }

    private static final Pattern KEY = Pattern.compile(
            "lake/([a-z_]+)/year=\\d{4}/month=(0[1-9]|1[0-2])/day=(0[1-9]|[12]\\d|3[01])/[A-Za-z0-9][A-Za-z0-9._=-]{0,127}\\.(json|csv)");
    /** A function's own bookkeeping (the metrics' markers of published events): outside every table, never crawled. */
    private static final Pattern STATE_KEY = Pattern.compile("lake/_state/([a-z-]+)/[A-Za-z0-9][A-Za-z0-9._=-]{0,127}\\.json");

    final LocalS3 s3;
    final FaultyS3 proxy;
    final ApiStub apis;
    final ManifestLogsStub logs;

    Harness() {
        this(LocalS3.inMemory());
    }

    /** On a given S3 server: {@code LocalS3.onDisk(folder)} leaves the lake's objects as files to query. */
    Harness(LocalS3 server) {
        LogCapture.install();
        s3 = server.createBucket(BUCKET);
        proxy = new FaultyS3(s3.endpoint(), SILENCE);
        apis = new ApiStub();
        logs = new ManifestLogsStub(apis);
        reset();
    }

    /** An empty lake, no faults, every recorded answer in place, no requests remembered. */
    void reset() {
        reset(Set.of());
    }

    /** As {@link #reset()}, but the manifests of these runs are not in CloudWatch Logs (yet). */
    void reset(Set<String> runsWithoutManifest) {
        s3.keys(BUCKET).forEach(k -> s3.client().deleteObject(d -> d.bucket(BUCKET).key(k)));
        proxy.faults(List.of());
        logs.reset();
        RUN_UUIDS.forEach((runId, uuid) -> {
            if (!runsWithoutManifest.contains(runId)) {
                logs.recordedStream(runId, uuid, 10);
            }
        });
        for (String runId : RUN_UUIDS.keySet()) {
            apis.server().stubFor(get(urlEqualTo("/run/" + runId)).willReturn(okJson(recorded("omics/get-run-" + runId + ".json"))));
        }
        apis.server().stubFor(get(urlEqualTo("/workflow/4716932?type=PRIVATE"))
                .willReturn(okJson(recorded("omics/get-workflow-4716932.json"))));
        apis.server().stubFor(get(urlEqualTo("/workflow/4716932/version/v2.1.0?type=PRIVATE"))
                .willReturn(okJson(recorded("omics/get-workflow-version-4716932-v2.1.0.json"))));
        apis.server().stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=Publish"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml")
                        .withBody("<PublishResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><PublishResult>"
                                + "<MessageId>5b4e8f6a-1d2c-4b3a-9e8f-7a6b5c4d3e2f</MessageId></PublishResult>"
                                + "<ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></PublishResponse>")));
        apis.server().stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=PutMetricData"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml")
                        .withBody("<PutMetricDataResponse xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\">"
                                + "<ResponseMetadata><RequestId>req-2</RequestId></ResponseMetadata></PutMetricDataResponse>")));
        // The Price List API: one on-demand price for every resource type (the analyzer reads only the price)
        apis.server().stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AWSPriceListService.GetProducts"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody(PRICE_LIST)));
        apis.server().stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AWSEvents.PutEvents"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{\"FailedEntryCount\":0,\"Entries\":[{\"EventId\":\"11111111-2222-3333-4444-555555555555\"}]}")));
        proxy.forgetRequests();
        apis.server().resetRequests();
    }

    static final String PRICE_LIST;

    static {
        String product = "{\"product\":{\"sku\":\"SKU1\"},\"terms\":{\"OnDemand\":{\"SKU1.T\":{\"priceDimensions\":"
                + "{\"SKU1.T.D\":{\"unit\":\"Hrs\",\"pricePerUnit\":{\"USD\":\"0.2500000000\"}}}}}}}";
        try {
            PRICE_LIST = Json.MAPPER.writeValueAsString(Map.of("FormatVersion", "aws_v1", "PriceList", List.of(product)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String recorded(String path) {
        return new String(SampleEvents.bytes("recorded/" + path), StandardCharsets.UTF_8);
    }

    AwsClients clients() {
        return new AwsClients(LocalAws.REGION,
                StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)),
                Map.of("s3", proxy.endpoint(), "omics", apis.endpoint(), "sns", apis.endpoint(),
                        "cloudwatch", apis.endpoint(), "cloudwatch_logs", apis.endpoint(),
                        "pricing", apis.endpoint(), "eventbridge", apis.endpoint()),
                Duration.ofSeconds(2), SOCKET_TIMEOUT);
    }

    Env env() {
        Map<String, String> variables = new java.util.HashMap<>(LocalAws.alertVariables(TOPIC, TOPIC));
        variables.putAll(Map.of("LAKE_BUCKET", BUCKET, "LAKE_PREFIX", PREFIX));
        return new Env(variables);
    }

    /** A new instance of the function: what a new Lambda execution environment would build. */
    RequestStreamHandler handler(Fn fn) {
        return switch (fn) {
            case STATUS -> new StatusEventRecorder(env(), clients(), NOW);
            case WORKFLOWS -> new WorkflowRecorder(env(), clients(), NOW);
            case MANIFESTS -> new ManifestProcessor(env(), clients(), NOW);
            case ANALYZER -> new RunAnalyzerHandler(env(), clients(), NOW);
            case METRICS -> new CustomMetricsPublisher(env(), clients(), NOW);
        };
    }

    /** One invocation: the function's JSON result, or what it threw. Every object PUT it made is checked. */
    Outcome invoke(Fn fn, RequestStreamHandler handler, byte[] event) {
        Outcome outcome = invokeUnchecked(handler, event);
        checkPuts(fn);
        return outcome;
    }

    /** For invocations run in parallel: the caller checks the PUTs with {@link #checkPuts} once they are all done. */
    Outcome invokeUnchecked(RequestStreamHandler handler, byte[] event) {
        INVOCATIONS.incrementAndGet();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RuntimeException error = null;
        try {
            handler.handleRequest(new ByteArrayInputStream(event), out, null);
        } catch (RuntimeException e) {
            error = e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JsonNode result = null;
        if (error == null) {
            try {
                result = Json.MAPPER.readTree(out.toByteArray());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new Outcome(result, error);
    }

    Outcome invoke(Fn fn, byte[] event) {
        return invoke(fn, handler(fn), event);
    }

    /**
     * Every object PUT since the last check is under one of the function's own tables, in the lake's key shape, or
     * in its own folder under {@code lake/_state/}.
     */
    void checkPuts(Fn fn) {
        for (String put : proxy.objectPuts()) {
            PUTS_CHECKED.incrementAndGet();
            String key = put.substring(put.indexOf('/') + 1);
            assertTrue(put.startsWith(BUCKET + "/"), fn + " wrote to another bucket: " + put);
            var state = STATE_KEY.matcher(key);
            if (state.matches()) {
                assertTrue(state.group(1).equals(fn.state) && !key.contains(".."),
                        fn + " wrote outside its own state folder " + fn.state + ": " + key);
                continue;
            }
            var m = KEY.matcher(key);
            assertTrue(m.matches() && !key.contains(".."), fn + " wrote a key outside the lake's shape: " + key);
            assertTrue(fn.tables.contains(m.group(1)), fn + " wrote outside its own tables " + fn.tables + ": " + key);
        }
        proxy.forgetRequests();
    }

    /** Every key in the lake, with its bytes. */
    TreeMap<String, String> objects() {
        TreeMap<String, String> objects = new TreeMap<>();
        s3.keys(BUCKET).forEach(k -> objects.put(k, s3.read(BUCKET, k)));
        return objects;
    }

    List<LoggedRequest> publishes() {
        return apis.server().findAll(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=Publish")));
    }

    List<LoggedRequest> putMetricData() {
        return apis.server().findAll(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=PutMetricData")));
    }

    List<LoggedRequest> putEvents() {
        return apis.server().findAll(postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("AWSEvents.PutEvents")));
    }

    /** Every request any API other than S3 received. */
    List<LoggedRequest> apiRequests() {
        return apis.server().findAll(anyRequestedFor(anyUrl()));
    }

    /** A sample event from {@code events/}; {@value #NO_UUID} is run-completed.json without its run uuid. */
    static byte[] sample(String name) {
        if (name.equals(NO_UUID)) {
            return mutate("run-completed.json", e -> ((ObjectNode) e.get("detail")).remove("uuid"));
        }
        return SampleEvents.bytes(name);
    }

    /** A completed run's event without the run uuid: the manifest stream is looked up (DescribeLogStreams). */
    static final String NO_UUID = "run-completed-no-uuid.json";

    /** A sample event with a change applied to its JSON. */
    static byte[] mutate(String sample, Consumer<ObjectNode> change) {
        try {
            ObjectNode event = (ObjectNode) Json.MAPPER.readTree(sample(sample));
            change.accept(event);
            return Json.MAPPER.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        Figures.record("totals", "after " + INVOCATIONS.get() + " invocations: " + PUTS_CHECKED.get()
                + " object PUTs checked against their function's prefixes");
        apis.close();
        proxy.close();
        s3.close();
    }

    /** What one invocation did. */
    record Outcome(JsonNode result, RuntimeException error) {

        JsonNode ok() {
            if (error != null) {
                throw new AssertionError("the invocation failed: " + error, error);
            }
            return result;
        }

        <E extends RuntimeException> E failed(Class<E> type) {
            if (error == null) {
                fail("the invocation succeeded (" + result + "), expected " + type.getSimpleName());
            }
            if (!type.isInstance(error)) {
                throw new AssertionError("expected " + type.getSimpleName() + ", got " + error, error);
            }
            return type.cast(error);
        }
    }
}
