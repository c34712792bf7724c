package io.omicsmonitor.manifest.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.omicsmonitor.common.Env;
import io.omicsmonitor.local.ApiStub;
import io.omicsmonitor.local.LocalAws;
import io.omicsmonitor.local.ManifestLogsStub;
import io.omicsmonitor.manifest.IncompleteManifestException;
import io.omicsmonitor.manifest.InvalidManifestException;
import io.omicsmonitor.manifest.Manifest;
import io.omicsmonitor.mapper.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;

/** The reader through the real CloudWatchLogsClient against a stub answering in CloudWatch Logs' JSON 1.1 shape. */
class ManifestLogReaderTest {

    static final String GERMLINE = "7382915";
    static final String GERMLINE_UUID = "5f2b8a1e-3c4d-4e6f-9a7b-1c2d3e4f5a6b";
    static final String GERMLINE_STREAM = "manifest/run/" + GERMLINE + "/" + GERMLINE_UUID;

    static ApiStub apis;
    static ManifestLogsStub logs;

    @BeforeAll
    static void start() {
        apis = new ApiStub();
        logs = new ManifestLogsStub(apis);
    }

    @AfterAll
    static void stop() {
        apis.close();
    }

    @BeforeEach
    void emptyLogGroup() {
        logs.reset();
    }

    static ManifestLogReader reader() {
        return ManifestLogReader.fromEnvironment(new Env(Map.of()),
                LocalAws.clients(Map.of("cloudwatch_logs", apis.endpoint())));
    }

    @Test
    void readsEveryPageUntilTheForwardTokenComesBack() throws IOException {
        logs.recordedStream(GERMLINE, GERMLINE_UUID, 10);

        Manifest manifest = reader().read(GERMLINE, GERMLINE_UUID);

        assertEquals("arn:aws:omics:us-west-2:123456789012:run/7382915", manifest.run().arn());
        assertEquals(25, manifest.tasks().size());
        assertEquals("CheckInputs", manifest.tasks().get(0).name());
        assertEquals("MergeVCFs", manifest.tasks().get(24).name());

        // 26 records in pages of 10: three pages, then the page that hands back the token it was sent
        List<LoggedRequest> requests = logs.getLogEventsRequests();
        assertEquals(4, requests.size());
        List<String> tokens = new ArrayList<>();
        for (LoggedRequest request : requests) {
            JsonNode body = Json.MAPPER.readTree(request.getBodyAsString());
            assertEquals("/aws/omics/WorkflowLog", body.get("logGroupName").asText());
            assertEquals(GERMLINE_STREAM, body.get("logStreamName").asText());
            assertTrue(body.get("startFromHead").asBoolean());
            tokens.add(body.has("nextToken") ? body.get("nextToken").asText() : null);
        }
        assertNull(tokens.get(0));
        assertEquals(3, tokens.stream().skip(1).distinct().count(), "each later request sends the token it was given");
        assertTrue(logs.describeLogStreamsRequests().isEmpty(), "the exact stream is read when the uuid is known");
    }

    @Test
    void readsAStreamOfOnePageAndAnEmptyFinalPage() {
        logs.recordedStream(GERMLINE, GERMLINE_UUID, 100);

        assertEquals(25, reader().read(GERMLINE, GERMLINE_UUID).tasks().size());
        assertEquals(2, logs.getLogEventsRequests().size());
    }

    @Test
    void findsTheStreamUnderTheRunIdWithTheTrailingSlash() throws IOException {
        logs.recordedStream(GERMLINE, GERMLINE_UUID, 10);
        // a run whose id starts with this one's: a prefix without the trailing '/' would match it too
        logs.stream(ManifestLogsStub.LOG_GROUP, "manifest/run/73829150/0d9e8f7a-6b5c-4d3e-2f1a-0b9c8d7e6f5a",
                ManifestLogsStub.recorded("9103774"), 10);

        Manifest manifest = reader().read(GERMLINE, null);

        assertEquals("5f2b8a1e-3c4d-4e6f-9a7b-1c2d3e4f5a6b", manifest.run().uuid());
        JsonNode describe = Json.MAPPER.readTree(logs.describeLogStreamsRequests().get(0).getBodyAsString());
        assertEquals("manifest/run/7382915/", describe.get("logStreamNamePrefix").asText());
    }

    @Test
    void refusesToChooseBetweenTwoStreamsOfOneRun() {
        logs.recordedStream(GERMLINE, GERMLINE_UUID, 10);
        logs.stream(ManifestLogsStub.LOG_GROUP, "manifest/run/7382915/00000000-1111-4222-8333-444444444444",
                ManifestLogsStub.recorded(GERMLINE), 10);

        InvalidManifestException e = assertThrows(InvalidManifestException.class, () -> reader().read(GERMLINE, null));

        assertEquals("run 7382915: 2 manifest streams in /aws/omics/WorkflowLog (manifest/run/7382915/"
                + "00000000-1111-4222-8333-444444444444, manifest/run/7382915/5f2b8a1e-3c4d-4e6f-9a7b-1c2d3e4f5a6b) "
                + "and the event carries no run uuid to choose one", e.getMessage());
        assertTrue(logs.getLogEventsRequests().isEmpty());
    }

    @Test
    void aManifestWrittenAfterTheFirstAttemptIsReadOnTheSecond() {
        IncompleteManifestException first = assertThrows(IncompleteManifestException.class,
                () -> reader().read(GERMLINE, GERMLINE_UUID));
        assertEquals("run 7382915: the manifest is not complete: log stream /aws/omics/WorkflowLog:" + GERMLINE_STREAM
                + " does not exist yet; HealthOmics writes it some time after the run ends, so this invocation fails "
                + "and will be retried", first.getMessage());

        logs.recordedStream(GERMLINE, GERMLINE_UUID, 10);

        assertEquals(25, reader().read(GERMLINE, GERMLINE_UUID).tasks().size());
    }

    @Test
    void noStreamUnderTheRunIdIsRetryable() {
        IncompleteManifestException e = assertThrows(IncompleteManifestException.class, () -> reader().read(GERMLINE, null));

        assertEquals("run 7382915: the manifest is not complete: no log stream manifest/run/7382915/<uuid> in "
                + "/aws/omics/WorkflowLog yet; HealthOmics writes it some time after the run ends, so this invocation "
                + "fails and will be retried", e.getMessage());
        assertTrue(e.getMessage().endsWith("will be retried"), e.getMessage());
    }

    @Test
    void aStreamWithoutItsRunRecordYetIsRetryable() {
        List<String> records = ManifestLogsStub.recorded(GERMLINE);
        logs.stream(ManifestLogsStub.LOG_GROUP, GERMLINE_STREAM, records.subList(0, records.size() - 1), 10);

        IncompleteManifestException e = assertThrows(IncompleteManifestException.class,
                () -> reader().read(GERMLINE, GERMLINE_UUID));

        assertEquals("run 7382915: the manifest is not complete: no run record yet in log stream "
                + "/aws/omics/WorkflowLog:" + GERMLINE_STREAM + " (25 task records); HealthOmics writes it some time "
                + "after the run ends, so this invocation fails and will be retried", e.getMessage());
    }

    @Test
    void anEmptyStreamIsRetryable() {
        logs.stream(ManifestLogsStub.LOG_GROUP, GERMLINE_STREAM, List.of(), 10);

        assertThrows(IncompleteManifestException.class, () -> reader().read(GERMLINE, GERMLINE_UUID));
        assertEquals(2, logs.getLogEventsRequests().size());
    }

    @Test
    void namesTheEventThatIsNotARecord() {
        List<String> records = new ArrayList<>(ManifestLogsStub.recorded(GERMLINE));
        records.set(12, "Task BaseRecalibrator-1-1 finished");
        logs.stream(ManifestLogsStub.LOG_GROUP, GERMLINE_STREAM, records, 10);

        InvalidManifestException e = assertThrows(InvalidManifestException.class,
                () -> reader().read(GERMLINE, GERMLINE_UUID));

        assertTrue(e.getMessage().startsWith("run 7382915: log stream /aws/omics/WorkflowLog:" + GERMLINE_STREAM
                + ", event 13: not a JSON record: Unrecognized token 'Task'"), e.getMessage());
    }

    @Test
    void refusesAStreamWhoseRunRecordIsAnotherRun() {
        logs.stream(ManifestLogsStub.LOG_GROUP, GERMLINE_STREAM, ManifestLogsStub.recorded("9103774"), 10);

        InvalidManifestException e = assertThrows(InvalidManifestException.class,
                () -> reader().read(GERMLINE, GERMLINE_UUID));

        assertEquals("run 7382915: log stream /aws/omics/WorkflowLog:" + GERMLINE_STREAM + ": the run record is "
                + "arn:aws:omics:us-west-2:123456789012:run/9103774, not run 7382915", e.getMessage());
    }

    @Test
    void readsTheConfiguredLogGroup() {
        logs.stream("/custom/manifests", GERMLINE_STREAM, ManifestLogsStub.recorded(GERMLINE), 50);
        ManifestLogReader reader = ManifestLogReader.fromEnvironment(
                new Env(Map.of("MANIFEST_LOG_GROUP", "/custom/manifests")),
                LocalAws.clients(Map.of("cloudwatch_logs", apis.endpoint())));

        assertEquals(25, reader.read(GERMLINE, GERMLINE_UUID).tasks().size());
        assertFalse(logs.getLogEventsRequests().isEmpty());
    }

    @Test
    void primingForSnapStartReadsNothingAndParsesTheFixedManifest() {
        ReadyToSend ready = new ReadyToSend();
        ManifestLogReader reader = new ManifestLogReader(LocalAws.clients(Map.of("cloudwatch_logs", apis.endpoint()))
                .configure(CloudWatchLogsClient.builder().overrideConfiguration(o -> o.addExecutionInterceptor(ready)),
                        "cloudwatch_logs"), ManifestLogReader.DEFAULT_LOG_GROUP);

        Manifest manifest = reader.prime(ManifestLogReader.PRIMING_MANIFEST);

        assertEquals(List.of("GetLogEvents"), ready.operations, "the request was marshalled and signed");
        assertEquals(0, apis.server().getAllServeEvents().size(), "and never sent");
        assertEquals("1000000", manifest.run().runId());
        assertEquals(List.of("Priming-0-1", "Cached-0-1"), manifest.tasks().stream().map(t -> t.name()).toList());
    }

    /** The operations that got as far as sending: priming's dry calls are stopped right after this point. */
    static final class ReadyToSend implements ExecutionInterceptor {
        final List<String> operations = new CopyOnWriteArrayList<>();

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            operations.add(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
        }
    }
}
