package io.omicsmonitor.cli.local;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.omicsmonitor.common.aws.AwsClients;
import io.omicsmonitor.local.ApiStub;
import io.omicsmonitor.local.LocalAws;
import io.omicsmonitor.local.LocalS3;
import io.omicsmonitor.local.ManifestLogsStub;
import io.omicsmonitor.mapper.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.zip.GZIPInputStream;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;

/**
 * AWS on loopback, for {@code demo} and {@code invoke}: a real S3 server whose buckets are folders of a local
 * directory, and one HTTP stub that answers the other APIs in their real wire shapes. The stub serves recorded
 * HealthOmics data (Omics GetRun/ListRuns/GetWorkflow/GetWorkflowVersion, run manifests through CloudWatch Logs, Price
 * List GetProducts from a price book, and DescribeServices) and captures what the functions send (SNS Publish, EventBridge PutEvents,
 * CloudWatch PutMetricData), which {@link #published()}, {@link #putEvents()} and {@link #metrics()} read back.
 */
public final class EmbeddedAws implements AutoCloseable {

    /** Manifest messages per GetLogEvents page: small, so a demo run reads its manifests over several pages. */
    static final int MANIFEST_PAGE_SIZE = 10;

    private static final String JSON_11 = "application/x-amz-json-1.1";

    private final LocalS3 s3;
    private final ApiStub apis;
    private final AwsClients clients;

    private EmbeddedAws(LocalS3 s3, ApiStub apis) {
        this.s3 = s3;
        this.apis = apis;
        this.clients = LocalAws.clients(Map.of("s3", s3.endpoint(), "*", apis.endpoint()));
    }

    /** Starts S3 on {@code lakeFolder} (created if missing) and the stub serving {@code recorded} and {@code prices}. */
    public static EmbeddedAws start(Path lakeFolder, RecordedData recorded, PriceListResponses prices) {
        try {
            Files.createDirectories(lakeFolder);
        } catch (IOException e) {
            throw new io.omicsmonitor.cli.UserError("cannot create the lake folder " + lakeFolder + ": " + e.getMessage());
        }
        // both servers take seconds to start (class loading, mostly): start them side by side
        CompletableFuture<ApiStub> starting = CompletableFuture.supplyAsync(ApiStub::new);
        LocalS3 s3;
        try {
            s3 = LocalS3.onDisk(lakeFolder);
        } catch (RuntimeException e) {
            starting.thenAccept(ApiStub::close);
            throw e;
        }
        ApiStub apis;
        try {
            apis = starting.join();
        } catch (CompletionException e) {
            s3.close();
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        EmbeddedAws aws = new EmbeddedAws(s3, apis);
        try {
            aws.serve(recorded);
            aws.servePrices(prices);
            aws.sinks();
        } catch (RuntimeException e) {
            aws.close();
            throw e;
        }
        return aws;
    }

    /** Clients for the embedded endpoints: S3 to the S3 server, every other service to the stub. */
    public AwsClients clients() {
        return clients;
    }

    public URI s3Endpoint() {
        return s3.endpoint();
    }

    public URI apiEndpoint() {
        return apis.endpoint();
    }

    public LocalS3 s3() {
        return s3;
    }

    /** Creates the bucket when missing; with {@code wipe}, deletes every object already in it. */
    public void bucket(String name, boolean wipe) {
        boolean exists = s3.client().listBuckets().buckets().stream().anyMatch(b -> b.name().equals(name));
        if (!exists) {
            s3.createBucket(name);
            return;
        }
        if (wipe) {
            List<String> keys = s3.keys(name);
            for (int i = 0; i < keys.size(); i += 1000) {
                List<ObjectIdentifier> batch = keys.subList(i, Math.min(keys.size(), i + 1000)).stream()
                        .map(k -> ObjectIdentifier.builder().key(k).build()).toList();
                s3.client().deleteObjects(d -> d.bucket(name).delete(x -> x.objects(batch)));
            }
        }
    }

    // ---- what the functions sent

    /** SNS Publish requests, their form parameters decoded, in order. */
    public List<Map<String, String>> published() {
        return queryRequests("Publish");
    }

    /** CloudWatch PutMetricData requests, their form parameters decoded, in order. */
    public List<Map<String, String>> metricRequests() {
        return queryRequests("PutMetricData");
    }

    /** Every metric data point sent with PutMetricData, in order. */
    public List<MetricPoint> metrics() {
        List<MetricPoint> points = new ArrayList<>();
        for (Map<String, String> form : metricRequests()) {
            for (int n = 1; form.containsKey("MetricData.member." + n + ".MetricName"); n++) {
                String prefix = "MetricData.member." + n + ".";
                Map<String, String> dimensions = new LinkedHashMap<>();
                for (int d = 1; form.containsKey(prefix + "Dimensions.member." + d + ".Name"); d++) {
                    dimensions.put(form.get(prefix + "Dimensions.member." + d + ".Name"),
                            form.get(prefix + "Dimensions.member." + d + ".Value"));
                }
                String value = form.get(prefix + "Value");
                points.add(new MetricPoint(form.get("Namespace"), form.get(prefix + "MetricName"), dimensions,
                        value == null ? null : Double.valueOf(value), form.get(prefix + "Unit")));
            }
        }
        return points;
    }

    /** One data point: namespace, name, dimensions, value (null for statistic sets) and unit. */
    public record MetricPoint(String namespace, String name, Map<String, String> dimensions, Double value, String unit) {
    }

    /** The entries of every EventBridge PutEvents request, in order. */
    public List<JsonNode> putEvents() {
        List<JsonNode> entries = new ArrayList<>();
        for (LoggedRequest request : apis.server().findAll(postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("AWSEvents.PutEvents")))) {
            try {
                Json.MAPPER.readTree(body(request)).path("Entries").forEach(entries::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return entries;
    }

    /** How many requests the stub answered for an X-Amz-Target (a JSON protocol operation). */
    public int requests(String target) {
        return apis.server().findAll(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(target))).size();
    }

    private List<Map<String, String>> queryRequests(String action) {
        List<Map<String, String>> forms = new ArrayList<>();
        for (LoggedRequest request : apis.server().findAll(postRequestedFor(urlEqualTo("/")))) {
            if (request.getHeader("X-Amz-Target") != null) {
                continue;
            }
            Map<String, String> form = form(body(request));
            if (action.equals(form.get("Action"))) {
                forms.add(form);
            }
        }
        return forms;
    }

    /** The request body as text; PutMetricData bodies over 10 KB arrive gzipped. */
    private static String body(LoggedRequest request) {
        byte[] bytes = request.getBody();
        if (bytes.length > 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b) {
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
                bytes = in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        if (body.isEmpty()) {
            return form;
        }
        for (String pair : body.split("&")) {
            String[] kv = pair.split("=", 2);
            form.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                    kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        return form;
    }

    // ---- what the stub serves

    private void serve(RecordedData recorded) {
        for (JsonNode run : recorded.runs()) {
            apis.server().stubFor(get(urlPathEqualTo("/run/" + run.path("id").asText())).atPriority(1)
                    .willReturn(restJson(200, run.toString())));
        }
        for (RecordedData.RunTask task : recorded.runTasks()) {
            apis.server().stubFor(get(urlPathEqualTo("/run/" + task.runId() + "/task/" + task.task().path("taskId").asText()))
                    .atPriority(1).willReturn(restJson(200, task.task().toString())));
        }
        for (JsonNode workflow : recorded.workflows()) {
            apis.server().stubFor(get(urlPathEqualTo("/workflow/" + workflow.path("id").asText())).atPriority(1)
                    .willReturn(restJson(200, workflow.toString())));
        }
        for (JsonNode version : recorded.workflowVersions()) {
            apis.server().stubFor(get(urlPathEqualTo("/workflow/" + version.path("workflowId").asText() + "/version/"
                    + version.path("versionName").asText())).atPriority(1).willReturn(restJson(200, version.toString())));
        }
        // ListRuns, one status a call as the service filters (analyze --time): the recorded runs as list items
        for (String status : List.of("COMPLETED", "FAILED", "CANCELLED", "RUNNING")) {
            ObjectNode body = Json.MAPPER.createObjectNode();
            ArrayNode items = body.putArray("items");
            for (JsonNode run : recorded.runs()) {
                if (run.path("status").asText().equals(status)) {
                    ObjectNode item = items.addObject();
                    for (String field : List.of("arn", "id", "status", "workflowId", "name", "priority", "storageType",
                            "storageCapacity", "creationTime", "startTime", "stopTime", "workflowVersionName")) {
                        if (run.has(field)) {
                            item.set(field, run.get(field));
                        }
                    }
                }
            }
            apis.server().stubFor(get(urlPathEqualTo("/run")).withQueryParam("status", equalTo(status)).atPriority(1)
                    .willReturn(restJson(200, body.toString())));
        }
        // anything not recorded is not found, in the service's error shape
        apis.server().stubFor(get(urlPathMatching("/(run|workflow)/.*")).atPriority(9)
                .willReturn(restJson(404, "{\"message\":\"The requested resource was not found (nothing recorded for it "
                        + "under events/recorded/omics/)\"}").withHeader("x-amzn-ErrorType", "ResourceNotFoundException")));

        ManifestLogsStub logs = new ManifestLogsStub(apis);
        for (RecordedData.Manifest manifest : recorded.manifests()) {
            logs.stream(ManifestLogsStub.LOG_GROUP, "manifest/run/" + manifest.runId() + "/" + manifest.runUuid(),
                    manifest.messages(), MANIFEST_PAGE_SIZE);
        }
    }

    private void servePrices(PriceListResponses prices) {
        for (PriceListResponses.Product product : prices.products()) {
            apis.server().stubFor(json11("AWSPriceListService.GetProducts").atPriority(1)
                    .withRequestBody(matchingJsonPath("$.ServiceCode", equalTo("AmazonOmics")))
                    .withRequestBody(matchingJsonPath("$.Filters[?(@.Value == '" + product.resourceType() + "')]"))
                    .withRequestBody(matchingJsonPath("$.Filters[?(@.Value == '" + product.region() + "')]"))
                    .willReturn(json(200, prices.response(product))));
        }
        apis.server().stubFor(json11("AWSPriceListService.GetProducts").atPriority(9)
                .willReturn(json(200, "{\"FormatVersion\":\"aws_v1\",\"PriceList\":[]}")));
        apis.server().stubFor(json11("AWSPriceListService.DescribeServices").atPriority(9)
                .willReturn(json(200, "{\"Services\":[{\"ServiceCode\":\"AmazonOmics\",\"AttributeNames\":["
                        + "\"productFamily\",\"regionCode\",\"resourceType\",\"usagetype\",\"location\"]}],"
                        + "\"FormatVersion\":\"aws_v1\"}")));
    }

    private void sinks() {
        apis.server().stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=Publish")).atPriority(2)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml")
                        .withTransformers("response-template")
                        .withBody("<PublishResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><PublishResult>"
                                + "<MessageId>{{randomValue type='UUID'}}</MessageId></PublishResult>"
                                + "<ResponseMetadata><RequestId>{{randomValue type='UUID'}}</RequestId>"
                                + "</ResponseMetadata></PublishResponse>")));
        apis.server().stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=PutMetricData")).atPriority(2)
                .willReturn(metricDataResponse()));
        // a gzipped PutMetricData (the SDK compresses bodies over 10 KB) cannot be matched by its text
        apis.server().stubFor(post(urlEqualTo("/")).withHeader("Content-Encoding", containing("gzip")).atPriority(3)
                .willReturn(metricDataResponse()));
        apis.server().stubFor(json11("AWSEvents.PutEvents").atPriority(1)
                .willReturn(json(200, "{\"FailedEntryCount\":0,\"Entries\":["
                        + "{{#each (jsonPath request.body '$.Entries') as |entry|}}"
                        + "{\"EventId\":\"{{randomValue type='UUID'}}\"}{{#unless @last}},{{/unless}}{{/each}}]}")
                        .withTransformers("response-template")));
    }

    private static ResponseDefinitionBuilder metricDataResponse() {
        return aResponse().withStatus(200).withHeader("Content-Type", "text/xml")
                .withBody("<PutMetricDataResponse xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\">"
                        + "<ResponseMetadata><RequestId>6f0c7f2e-51a1-4b8e-9d53-0c7e1e1a2b3c</RequestId>"
                        + "</ResponseMetadata></PutMetricDataResponse>");
    }

    private static MappingBuilder json11(String target) {
        return post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(target));
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", JSON_11).withBody(body);
    }

    private static ResponseDefinitionBuilder restJson(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    @Override
    public void close() {
        try {
            apis.close();
        } finally {
            s3.close();
        }
    }
}
