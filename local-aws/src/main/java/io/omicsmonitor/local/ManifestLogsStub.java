package io.omicsmonitor.local;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.omicsmonitor.mapper.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * CloudWatch Logs on an {@link ApiStub}, as far as reading run manifests needs it: {@code GetLogEvents} pages a
 * stream's messages and ends, as the service does, with a page whose forward token is the one that was sent;
 * {@code DescribeLogStreams} lists the streams under a name prefix. An unknown stream answers
 * {@code ResourceNotFoundException}, an unknown prefix an empty list. The wire shape is the service's: AWS JSON 1.1,
 * {@code POST /} with {@code X-Amz-Target: Logs_20140328.<Operation>}.
 *
 * <p>Recorded manifests ({@code events/recorded/logs/manifest-run-<runId>.ndjson}, one log message a line) serve the
 * tests and the CLI's demo alike.
 */
public final class ManifestLogsStub {

    public static final String LOG_GROUP = "/aws/omics/WorkflowLog";
    public static final String TARGET_PREFIX = "Logs_20140328.";
    static final String CONTENT_TYPE = "application/x-amz-json-1.1";

    /** Log event times: the stream's events are stamped from here on, one millisecond apart. */
    private static final long FIRST_TIMESTAMP = 1_763_625_600_000L;

    private final ApiStub stub;
    /** Stream names by log group and describe prefix, to answer DescribeLogStreams. */
    private final Map<String, List<String>> streamsByPrefix = new TreeMap<>();
    private final Map<String, StubMapping> describeStubs = new HashMap<>();

    public ManifestLogsStub(ApiStub stub) {
        this.stub = stub;
        installFallbacks();
    }

    /** Forgets every stream (and every other stub on the {@link ApiStub}) and answers as an empty log group. */
    public ManifestLogsStub reset() {
        stub.reset();
        streamsByPrefix.clear();
        describeStubs.clear();
        installFallbacks();
        return this;
    }

    /** The lines of a recorded manifest, {@code events/recorded/logs/manifest-run-<runId>.ndjson}: one message each. */
    public static List<String> recorded(String runId) {
        Path file = SampleEvents.path("recorded/logs/manifest-run-" + runId + ".ndjson");
        try {
            return Files.readAllLines(file).stream().filter(line -> !line.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Serves a recorded manifest as {@code manifest/run/<runId>/<runUuid>} in {@link #LOG_GROUP}. */
    public ManifestLogsStub recordedStream(String runId, String runUuid, int pageSize) {
        return stream(LOG_GROUP, "manifest/run/" + runId + "/" + runUuid, recorded(runId), pageSize);
    }

    /** Serves {@code messages} as the stream's log events, {@code pageSize} a page. */
    public ManifestLogsStub stream(String logGroup, String streamName, List<String> messages, int pageSize) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be at least 1");
        }
        int pages = (messages.size() + pageSize - 1) / pageSize;
        // request k (k = 0 without a token, then with token(k)) returns page k and token(k + 1); the request with the
        // last token returns no events and that same token: the end of the stream
        for (int k = 0; k <= pages; k++) {
            List<String> page = k < pages ? messages.subList(k * pageSize, Math.min(messages.size(), (k + 1) * pageSize)) : List.of();
            String next = token(streamName, Math.min(k + 1, pages));
            MappingBuilder request = operation("GetLogEvents")
                    .withRequestBody(matchingJsonPath("$.logGroupName", equalTo(logGroup)))
                    .withRequestBody(matchingJsonPath("$.logStreamName", equalTo(streamName)))
                    .withRequestBody(matchingJsonPath("$.startFromHead", equalTo("true")));
            // the first page answers a request without a token: a lower priority than the token-matching pages
            request = k == 0 ? request.atPriority(5)
                    : request.withRequestBody(matchingJsonPath("$.nextToken", equalTo(token(streamName, k)))).atPriority(1);
            stub.server().stubFor(request.willReturn(json(200, eventsPage(page, k * pageSize, next))));
        }
        if (messages.isEmpty()) {
            stub.server().stubFor(operation("GetLogEvents")
                    .withRequestBody(matchingJsonPath("$.logStreamName", equalTo(streamName)))
                    .withRequestBody(matchingJsonPath("$.nextToken", equalTo(token(streamName, 0)))).atPriority(1)
                    .willReturn(json(200, eventsPage(List.of(), 0, token(streamName, 0)))));
        }
        describable(logGroup, streamName);
        return this;
    }

    /** The GetLogEvents requests the stub received, in order. */
    public List<LoggedRequest> getLogEventsRequests() {
        return stub.server().findAll(postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo(TARGET_PREFIX + "GetLogEvents")));
    }

    /** The DescribeLogStreams requests the stub received, in order. */
    public List<LoggedRequest> describeLogStreamsRequests() {
        return stub.server().findAll(postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo(TARGET_PREFIX + "DescribeLogStreams")));
    }

    /** A forward token in the service's shape ({@code f/<56 digits>/s}), distinct per stream and page. */
    static String token(String streamName, int page) {
        long stream = Integer.toUnsignedLong(streamName.hashCode());
        return String.format("f/%028d%028d/s", stream, page);
    }

    private void describable(String logGroup, String streamName) {
        // manifest streams are listed under "manifest/run/<runId>/", the prefix a reader without the uuid asks for
        int lastSlash = streamName.lastIndexOf('/');
        String prefix = streamName.substring(0, lastSlash + 1);
        String key = logGroup + "\n" + prefix;
        List<String> names = streamsByPrefix.computeIfAbsent(key, k -> new ArrayList<>());
        if (!names.contains(streamName)) {
            names.add(streamName);
        }
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode streams = body.putArray("logStreams");
        for (String name : names.stream().sorted().toList()) {
            streams.addObject()
                    .put("logStreamName", name)
                    .put("creationTime", FIRST_TIMESTAMP)
                    .put("arn", "arn:aws:logs:" + LocalAws.REGION.id() + ":123456789012:log-group:" + logGroup
                            + ":log-stream:" + name)
                    .put("storedBytes", 0);
        }
        StubMapping previous = describeStubs.remove(key);
        if (previous != null) {
            stub.server().removeStub(previous);
        }
        describeStubs.put(key, stub.server().stubFor(operation("DescribeLogStreams")
                .withRequestBody(matchingJsonPath("$.logGroupName", equalTo(logGroup)))
                .withRequestBody(matchingJsonPath("$.logStreamNamePrefix", equalTo(prefix)))
                .atPriority(1)
                .willReturn(json(200, write(body)))));
    }

    private void installFallbacks() {
        stub.server().stubFor(operation("GetLogEvents").atPriority(9).willReturn(json(400,
                "{\"__type\":\"ResourceNotFoundException\",\"message\":\"The specified log stream does not exist.\"}")));
        stub.server().stubFor(operation("DescribeLogStreams").atPriority(9).willReturn(json(200, "{\"logStreams\":[]}")));
    }

    private static MappingBuilder operation(String name) {
        return post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(TARGET_PREFIX + name));
    }

    private static String eventsPage(List<String> messages, int firstIndex, String nextForwardToken) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode events = body.putArray("events");
        for (int i = 0; i < messages.size(); i++) {
            long timestamp = FIRST_TIMESTAMP + firstIndex + i;
            events.addObject().put("timestamp", timestamp).put("message", messages.get(i)).put("ingestionTime", timestamp + 412);
        }
        body.put("nextForwardToken", nextForwardToken);
        body.put("nextBackwardToken", "b/" + nextForwardToken.substring(2));
        return write(body);
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", CONTENT_TYPE)
                .withHeader("x-amzn-RequestId", "0b4c9f1e-7d2a-4e55-9a61-3f8e2b7c1d90").withBody(body);
    }

    private static String write(ObjectNode body) {
        try {
            return Json.MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
