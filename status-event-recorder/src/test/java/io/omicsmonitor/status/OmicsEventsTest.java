package io.omicsmonitor.status;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.omicsmonitor.common.events.InvalidEventException;
import io.omicsmonitor.common.lake.LakeSchema;
import io.omicsmonitor.local.ApiStub;
import io.omicsmonitor.local.LocalS3;
import io.omicsmonitor.local.SampleEvents;
import io.omicsmonitor.local.SnsPublishes;
import io.omicsmonitor.mapper.Json;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.omics.model.OmicsException;

/**
 * The HealthOmics events beyond runs (issue 12, "More HealthOmics events"), through the real handler: objects read
 * back from S3Proxy, alerts from the SNS wire requests, GetRunTask answered by a stub in the Omics JSON shape.
 */
class OmicsEventsTest {

    static final String BUCKET = StatusEventRecorderTest.BUCKET;
    static LocalS3 s3;
    static ApiStub apis;

    @BeforeAll
    static void start() {
        s3 = LocalS3.inMemory();
        apis = new ApiStub();
        StatusEventRecorderTest.s3 = s3;
        StatusEventRecorderTest.apis = apis;
    }

    @AfterAll
    static void stop() {
        apis.close();
        s3.close();
    }

    @BeforeEach
    void emptyLakeAndStub() {
        s3.resetTo(BUCKET);
        apis.reset();
        apis.server().stubFor(post(urlEqualTo("/")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/xml")
                .withBody("<PublishResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><PublishResult>"
                        + "<MessageId>msg-1</MessageId></PublishResult>"
                        + "<ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></PublishResponse>")));
    }

    static JsonNode invoke(byte[] event) {
        return StatusEventRecorderTest.invoke(StatusEventRecorderTest.recorder(s3.endpoint()), event);
    }

    // ---- Workflow Status Change: FAILED, INACTIVE, DELETED ----

    @Test
    void recordsAFailedWorkflowAndAlertsItOnce() {
        JsonNode result = invoke(SampleEvents.bytes("workflow-failed.json"));

        String key = "lake/workflow_status_events/year=2026/month=11/day=23/93a4b5c6-d7e8-f90a-1b2c-3d4e5f607182.json";
        assertEquals(List.of(key), s3.keys(BUCKET));
        assertEquals("s3://" + BUCKET + "/" + key, result.get("object").asText());
        assertEquals("{\"event_id\":\"93a4b5c6-d7e8-f90a-1b2c-3d4e5f607182\",\"event_time\":\"2026-11-23T10:15:42Z\","
                + "\"account\":\"123456789012\",\"region\":\"us-west-2\",\"workflow_id\":\"4716932\","
                + "\"workflow_arn\":\"arn:aws:omics:us-west-2:123456789012:workflow/4716932\","
                + "\"workflow_uuid\":\"c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f\",\"version_name\":\"v3.0.0\","
                + "\"owner_account\":\"123456789012\",\"status\":\"FAILED\",\"omics_version\":\"1.0.0\","
                + "\"replay\":false}\n", s3.read(BUCKET, key));
        assertDeclaredColumns("workflow_status_events", s3.read(BUCKET, key));

        SnsPublishes publish = onlyPublish();
        assertEquals(StatusEventRecorderTest.WARNING_TOPIC, publish.topicArn(), "a failed workflow is a warning");
        assertEquals("[WARNING] HealthOmics workflow FAILED: 4716932 version v3.0.0", publish.subject());
        assertEquals("""
                HealthOmics workflow 4716932 version v3.0.0 FAILED.

                Workflow ARN:   arn:aws:omics:us-west-2:123456789012:workflow/4716932
                Version:        v3.0.0
                Console:        https://us-west-2.console.aws.amazon.com/omics/home?region=us-west-2#/workflows/4716932
                Event:          93a4b5c6-d7e8-f90a-1b2c-3d4e5f607182 at 2026-11-23T10:15:42Z

                GetWorkflowVersion (or the console) gives the status message: why it failed.

                Acknowledge it within 30 minutes, or it is sent again to the critical topic as an escalation:
                  omics-monitor ack 93a4b5c6-d7e8-f90a-1b2c-3d4e5f607182 --stack omics-monitor --region us-west-2
                or in the chat channel:
                  @Amazon Q lambda invoke --function-name omics-monitor-AlertAckFunction-L0c4lAck --region us-west-2 --payload {"alertId": "93a4b5c6-d7e8-f90a-1b2c-3d4e5f607182"}
                """, publish.email());
        assertEquals(Map.of("severity", "warning", "alertId", "93a4b5c6-d7e8-f90a-1b2c-3d4e5f607182",
                "category", "failure", "detailType", "Workflow Status Change", "status", "FAILED"), publish.attributes());

        JsonNode again = invoke(SampleEvents.bytes("workflow-failed.json"));
        assertNull(again.get("alertMessageId").textValue(), "a redelivery finds the record and sends no second alert");
        onlyPublish();
    }

    @ParameterizedTest
    @ValueSource(strings = {"INACTIVE", "DELETED"})
    void recordsAnInactiveOrDeletedWorkflowWithoutAlert(String status) throws IOException {
        JsonNode result = invoke(mutate("workflow-failed.json", e -> {
            ((ObjectNode) e.get("detail")).put("status", status);
            ((ObjectNode) e.get("detail")).remove("workflowVersionName");
        }));

        JsonNode row = Json.MAPPER.readTree(s3.read(BUCKET, s3.keys(BUCKET).get(0)));
        assertEquals(status, row.get("status").asText());
        assertTrue(row.get("version_name").isNull());
        assertNull(result.get("alertMessageId").textValue());
        assertEquals(0, publishes().size());
    }

    @Test
    void anActiveWorkflowIsNotThisFunctionsAndFailsNamingTheEvent() {
        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> invoke(SampleEvents.bytes("workflow-active.json")));
        assertTrue(e.getMessage().startsWith("event 718293a4-b5c6-d7e8-f90a-1b2c3d4e5f67: detail.status is ACTIVE"),
                e.getMessage());
        assertEquals(List.of(), s3.keys(BUCKET));
    }

    // ---- Task Status Change FAILED: the reason from GetRunTask ----

    @Test
    void recordsAFailedTaskWithGetRunTasksReason() {
        stubGetRunTask();
        invoke(SampleEvents.bytes("task-failed.json"));

        String key = "lake/task_status_events/year=2026/month=11/day=21/8293a4b5-c6d7-e8f9-0a1b-2c3d4e5f6078.json";
        assertEquals(List.of(key), s3.keys(BUCKET));
        assertEquals("{\"event_id\":\"8293a4b5-c6d7-e8f9-0a1b-2c3d4e5f6078\",\"event_time\":\"2026-11-21T14:27:03Z\","
                + "\"account\":\"123456789012\",\"region\":\"us-west-2\",\"task_id\":\"4804296\","
                + "\"task_arn\":\"arn:aws:omics:us-west-2:123456789012:task/4804296\",\"status\":\"FAILED\","
                + "\"run_id\":\"9103774\",\"run_arn\":\"arn:aws:omics:us-west-2:123456789012:run/9103774\","
                + "\"run_uuid\":\"9e8d7c6b-5a49-4838-9271-6a5b4c3d2e1f\",\"run_name\":\"HG002-somatic-tumor-normal\","
                + "\"workflow_id\":\"5829046\",\"workflow_name\":\"somatic-mutect2\",\"omics_version\":\"1.0.0\","
                + "\"replay\":false,\"failure_reason\":\"OUT_OF_MEMORY\","
                + "\"status_message\":\"container exited with code 137\"}\n", s3.read(BUCKET, key));
        assertDeclaredColumns("task_status_events", s3.read(BUCKET, key));
        assertEquals(1, apis.server().findAll(getRequestedFor(urlEqualTo("/run/9103774/task/4804296"))).size());
        assertEquals(0, publishes().size(), "a failed task is recorded, not alerted (its run's failure is)");
    }

    @Test
    void aTaskThatDidNotFailCallsNoGetRunTaskAndHasNullReasons() throws IOException {
        invoke(SampleEvents.bytes("task-completed.json"));

        JsonNode row = Json.MAPPER.readTree(s3.read(BUCKET, s3.keys(BUCKET).get(0)));
        assertTrue(row.get("failure_reason").isNull());
        assertTrue(row.get("status_message").isNull());
        assertEquals(0, apis.server().getAllServeEvents().size(), "no Omics request");
    }

    @Test
    void aGetRunTaskFailureFailsTheInvocationAndWritesNothing() {
        apis.server().stubFor(get(urlEqualTo("/run/9103774/task/4804296")).willReturn(aResponse().withStatus(403)
                .withHeader("x-amzn-ErrorType", "AccessDeniedException")
                .withHeader("Content-Type", "application/json")
                .withBody("{\"message\":\"User is not authorized to perform: omics:GetRunTask\"}")));

        OmicsException e = assertThrows(OmicsException.class, () -> invoke(SampleEvents.bytes("task-failed.json")));
        assertEquals(403, e.statusCode());
        assertEquals(List.of(), s3.keys(BUCKET), "retried, then dead-lettered: never recorded without its reason");
    }

    // ---- import and export jobs FAILED ----

    @Test
    void alertsAFailedReadSetImportJob() {
        JsonNode result = invoke(SampleEvents.bytes("read-set-import-job-failed.json"));

        assertEquals("msg-1", result.get("alertMessageId").asText());
        assertEquals(List.of(), s3.keys(BUCKET), "jobs are alerted, not recorded");
        SnsPublishes publish = onlyPublish();
        assertEquals("[WARNING] HealthOmics read set import job FAILED: 3627819054 (sequence store 4107731925)",
                publish.subject());
        assertEquals("""
                HealthOmics read set import job 3627819054 in sequence store 4107731925 FAILED.

                Job:            read set import job 3627819054
                Store:          sequence store 4107731925
                Status message: 1 of 2 read sets failed: s3://genomics-inputs-123456789012/HG003/HG003_R2.fastq.gz: Access denied
                Region:         us-west-2
                Event:          a4b5c6d7-e8f9-0a1b-2c3d-4e5f60718293 at 2026-11-19T08:44:03Z

                Acknowledge it within 30 minutes, or it is sent again to the critical topic as an escalation:
                  omics-monitor ack a4b5c6d7-e8f9-0a1b-2c3d-4e5f60718293 --stack omics-monitor --region us-west-2
                or in the chat channel:
                  @Amazon Q lambda invoke --function-name omics-monitor-AlertAckFunction-L0c4lAck --region us-west-2 --payload {"alertId": "a4b5c6d7-e8f9-0a1b-2c3d-4e5f60718293"}
                """, publish.email());
        assertEquals(StatusEventRecorderTest.WARNING_TOPIC, publish.topicArn(), "a failed job is a warning");
        assertEquals(Map.of("severity", "warning", "alertId", "a4b5c6d7-e8f9-0a1b-2c3d-4e5f60718293",
                "category", "failure", "detailType", "Read Set Import Job Status Change", "status", "FAILED"),
                publish.attributes());
    }

    @Test
    void alertsAFailedReadSetExportAndReferenceImportJob() {
        invoke(SampleEvents.bytes("read-set-export-job-failed.json"));
        invoke(SampleEvents.bytes("reference-import-job-failed.json"));

        List<SnsPublishes> published = publishes();
        assertEquals(List.of("[WARNING] HealthOmics read set export job FAILED: 5518204763 (sequence store 4107731925)",
                "[WARNING] HealthOmics reference import job FAILED: 7730152948 (reference store 2204419863)"),
                published.stream().map(SnsPublishes::subject).toList());
        assertTrue(published.get(0).email().contains(
                "Status message: Destination s3://genomics-exports-123456789012/cohort-7/ is not writable by the service\n"));
        assertTrue(published.get(1).email().contains(
                "Status message: s3://genomics-refs-123456789012/GRCh38/GRCh38.fa: not a valid FASTA file\n"));
    }

    @Test
    void aJobThatDidNotFailIsRefusedNamingTheEvent() {
        InvalidEventException e = assertThrows(InvalidEventException.class, () -> invoke(mutate(
                "read-set-import-job-failed.json", ev -> ((ObjectNode) ev.get("detail")).put("status", "COMPLETED"))));
        assertEquals("event a4b5c6d7-e8f9-0a1b-2c3d-4e5f60718293: detail.status is 'COMPLETED'; this function alerts "
                + "on a read set import job only when it is FAILED", e.getMessage());
        assertEquals(0, publishes().size());
    }

    @Test
    void aJobEventWithoutItsStoreFailsNamingTheEventAndTheField() {
        InvalidEventException e = assertThrows(InvalidEventException.class, () -> invoke(mutate(
                "reference-import-job-failed.json", ev -> ((ObjectNode) ev.get("detail")).remove("referenceStoreId"))));
        assertTrue(e.getMessage().startsWith("event c6d7e8f9-0a1b-2c3d-4e5f-607182930415: ")
                && e.getMessage().contains("referenceStoreId"), e.getMessage());
        assertEquals(0, publishes().size());
    }

    // ---- security events ----

    @Test
    void recordsAndAlertsAWorkflowShareAsASecurityEvent() throws IOException {
        JsonNode result = invoke(SampleEvents.bytes("workflow-share-status-change.json"));

        String key = "lake/security_events/year=2026/month=11/day=24/d7e8f90a-1b2c-3d4e-5f60-718293a4b516.json";
        assertEquals(List.of(key), s3.keys(BUCKET));
        assertEquals("{\"event_id\":\"d7e8f90a-1b2c-3d4e-5f60-718293a4b516\",\"event_time\":\"2026-11-24T09:12:37Z\","
                + "\"account\":\"123456789012\",\"region\":\"us-west-2\",\"detail_type\":\"Workflow Share Status Change\","
                + "\"resource_arn\":\"arn:aws:omics:us-west-2:123456789012:workflow/4716932\",\"status\":\"ACTIVE\","
                + "\"status_message\":null,\"omics_version\":\"1.0.0\",\"detail\":{\"omicsVersion\":\"1.0.0\","
                + "\"shareId\":\"a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d\",\"shareName\":\"germline-wgs-to-partner-lab\","
                + "\"resourceArn\":\"arn:aws:omics:us-west-2:123456789012:workflow/4716932\",\"status\":\"ACTIVE\"},"
                + "\"replay\":false}\n", s3.read(BUCKET, key));
        assertDeclaredColumns("security_events", s3.read(BUCKET, key));
        assertEquals("msg-1", result.get("alertMessageId").asText());

        SnsPublishes publish = onlyPublish();
        assertEquals("[CRITICAL] SECURITY EVENT: HealthOmics workflow share ACTIVE", publish.subject());
        assertTrue(publish.email().startsWith("Security event: HealthOmics workflow share status changed to "
                + "ACTIVE.\n"), publish.email());
        assertTrue(publish.email().contains(
                "Resource:       arn:aws:omics:us-west-2:123456789012:workflow/4716932\n"), publish.email());
        assertEquals(Map.of("severity", "critical", "alertId", "d7e8f90a-1b2c-3d4e-5f60-718293a4b516",
                "category", "security", "detailType", "Workflow Share Status Change", "status", "ACTIVE"),
                publish.attributes());
        assertEquals(StatusEventRecorderTest.TOPIC, publish.topicArn(), "a security event is critical");
        // the chat card: Amazon Q Developer's custom notification, threaded by the alert id
        JsonNode chat = publish.chat();
        assertEquals("1.0", chat.path("version").asText());
        assertEquals("custom", chat.path("source").asText());
        assertEquals(":red_circle: [CRITICAL] SECURITY EVENT: HealthOmics workflow share ACTIVE",
                chat.path("content").path("title").asText());
        assertTrue(chat.path("content").path("description").asText()
                .contains("*Resource:* arn:aws:omics:us-west-2:123456789012:workflow/4716932\n"), chat.toString());
        assertEquals("Acknowledge: `@Amazon Q lambda invoke --function-name omics-monitor-AlertAckFunction-L0c4lAck "
                + "--region us-west-2 --payload {\"alertId\": \"d7e8f90a-1b2c-3d4e-5f60-718293a4b516\"}`",
                chat.path("content").path("nextSteps").get(0).asText());
        assertEquals("d7e8f90a-1b2c-3d4e-5f60-718293a4b516", chat.path("metadata").path("threadId").asText());

        invoke(SampleEvents.bytes("workflow-share-status-change.json"));
        onlyPublish();
        assertEquals(List.of(key), s3.keys(BUCKET), "a redelivery: the same object, no second alert");
    }

    @Test
    void recordsAndAlertsAnS3AccessPolicyChange() throws IOException {
        invoke(SampleEvents.bytes("s3-access-policy-status-change.json"));

        String key = "lake/security_events/year=2026/month=11/day=24/e8f90a1b-2c3d-4e5f-6071-8293a4b5c627.json";
        JsonNode row = Json.MAPPER.readTree(s3.read(BUCKET, key));
        assertEquals("S3 Access Policy Status Change", row.get("detail_type").asText());
        assertEquals("arn:aws:s3:us-west-2:123456789012:accesspoint/4107731925-abcdefghijklmnopqrstuvwxyzabcdef-s3alias",
                row.get("resource_arn").asText());
        assertEquals("SEQUENCE_STORE", row.get("detail").get("storeType").asText());
        SnsPublishes publish = onlyPublish();
        assertEquals("[CRITICAL] SECURITY EVENT: HealthOmics S3 access policy ACTIVE", publish.subject());
        assertTrue(publish.email().startsWith("Security event: "), publish.email());
    }

    @Test
    void aSecurityEventWithoutStatusFailsNamingTheEvent() {
        InvalidEventException e = assertThrows(InvalidEventException.class, () -> invoke(mutate(
                "s3-access-policy-status-change.json", ev -> ((ObjectNode) ev.get("detail")).remove("status"))));
        assertTrue(e.getMessage().startsWith("event e8f90a1b-2c3d-4e5f-6071-8293a4b5c627: "), e.getMessage());
        assertEquals(List.of(), s3.keys(BUCKET));
        assertEquals(0, publishes().size());
    }

    // ---- helpers ----

    static void stubGetRunTask() {
        apis.server().stubFor(get(urlEqualTo("/run/9103774/task/4804296")).willReturn(okJson(new String(
                SampleEvents.bytes("recorded/omics/get-run-task-9103774-4804296.json"), StandardCharsets.UTF_8))));
    }

    static void assertDeclaredColumns(String table, String body) {
        try {
            JsonNode row = Json.MAPPER.readTree(body);
            List<String> names = new ArrayList<>();
            row.fieldNames().forEachRemaining(names::add);
            assertEquals(LakeSchema.table(table).columns().stream().map(LakeSchema.Column::name).toList(), names);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static byte[] mutate(String sample, Consumer<ObjectNode> change) {
        try {
            ObjectNode event = (ObjectNode) Json.MAPPER.readTree(SampleEvents.bytes(sample));
            change.accept(event);
            return Json.MAPPER.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static List<SnsPublishes> publishes() {
        return SnsPublishes.all(apis.server());
    }

    static SnsPublishes onlyPublish() {
        List<SnsPublishes> all = publishes();
        assertEquals(1, all.size(), "exactly one Publish");
        return all.get(0);
    }
}
