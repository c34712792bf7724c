package io.omicsmonitor.cli.backfill;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.omicsmonitor.local.LocalAws;
import io.omicsmonitor.local.LocalS3;
import io.omicsmonitor.mapper.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code --in-process}: the same replay events run through the real status-event-recorder in this process, writing
 * to a real S3 server; repeated backfills overwrite the same objects (deterministic event ids).
 */
class InProcessBackfillTest extends BackfillCommandTest {

    static final String BUCKET = "omics-lake";
    static final String TOPIC = "arn:aws:sns:us-west-2:123456789012:omics-monitor-alerts";
    static final Supplier<List<InProcessTarget.Route>> RECORDER_ONLY = () -> InProcessTarget.projectStack().subList(0, 1);

    static LocalS3 s3;

    @BeforeAll
    static void startS3() {
        s3 = LocalS3.inMemory();
        s3.createBucket(BUCKET);
    }

    @AfterAll
    static void stopS3() {
        s3.close();
    }

    @BeforeEach
    void emptyLakeAndSns() {
        s3.keys(BUCKET).forEach(k -> s3.client().deleteObject(d -> d.bucket(BUCKET).key(k)));
        apis.server().stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=Publish"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml")
                        .withBody("<PublishResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><PublishResult>"
                                + "<MessageId>5b4e8f6a-1d2c-4b3a-9e8f-7a6b5c4d3e2f</MessageId></PublishResult>"
                                + "<ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></PublishResponse>")));
    }

    Result inProcess(String... args) {
        BackfillCommand command = new BackfillCommand(
                env -> LocalAws.clients(Map.of("s3", s3.endpoint(), "*", apis.endpoint())),
                Map.of("AWS_REGION", "us-west-2"), NOW, FAST, RECORDER_ONLY, false);
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.addAll(List.of("--checkpoint", dir.resolve("checkpoint.json").toString(), "--rate", "200",
                "--handler-log", dir.resolve("handlers.log").toString()));
        return run(command, all.toArray(String[]::new));
    }

    @Test
    void replaysThroughTheHandlersAndARepeatedBackfillOverwritesTheSameObjects() throws IOException {
        String[] args = {"--runs-only", "--in-process", "--lake-bucket", BUCKET, "--lake-prefix", "lake",
            "--env", "ALERT_TOPIC_ARN=" + TOPIC, "--env", "WARNING_TOPIC_ARN=" + TOPIC};
        Result first = inProcess(args);

        assertEquals(0, first.exitCode(), first.all());
        assertTrue(first.out().contains("replayed: 23 (runs 23,"), first.out());
        List<String> keys = s3.keys(BUCKET);
        assertEquals(23, keys.size(), keys.toString());
        String replayId = UUID.nameUUIDFromBytes(("replay:" + arnOf("1000010") + ":FAILED")
                .getBytes(StandardCharsets.UTF_8)).toString();
        String key = "lake/run_status_events/year=2026/month=10/day=10/replay-" + replayId + ".json";
        assertTrue(keys.contains(key), keys.toString());
        JsonNode row = Json.MAPPER.readTree(s3.read(BUCKET, key));
        assertEquals("1000010", row.get("run_id").asText());
        assertEquals("FAILED", row.get("status").asText());
        assertEquals("replay-" + replayId, row.get("event_id").asText(), "in the replays' own name space");
        assertEquals("germline-wgs-gatk4", row.get("workflow_name").asText());
        assertTrue(row.get("replay").asBoolean(), "marked as a replay");
        assertEquals(0, apis.server().countRequestsMatching(postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", containing("PutEvents")).build()).getCount(), "nothing on the bus");
        assertTrue(Files.exists(dir.resolve("handlers.log")), "the handlers log to their own file, not to stdout");

        String before = s3.read(BUCKET, key);
        Result again = inProcess(concat(args, "--restart"));

        assertEquals(0, again.exitCode(), again.all());
        assertEquals(keys, s3.keys(BUCKET), "the same 23 objects, no duplicates");
        assertEquals(before, s3.read(BUCKET, key));
    }

    @Test
    void aHandlerThatCannotStartStopsTheBackfillBeforeItReplaysAnything() {
        Result result = inProcess("--runs-only", "--in-process", "--lake-bucket", BUCKET);

        assertEquals(2, result.exitCode(), result.all());
        assertTrue(result.err().contains("StatusEventRecorder cannot start: environment variable ALERT_TOPIC_ARN is not set"),
                result.err());
        assertEquals(List.of(), s3.keys(BUCKET));
    }

    @Test
    void aMissingLakeBucketIsAClearError() {
        Result result = inProcess("--runs-only", "--in-process", "--lake-bucket", "no-such-lake",
                "--env", "ALERT_TOPIC_ARN=" + TOPIC, "--env", "WARNING_TOPIC_ARN=" + TOPIC);

        assertEquals(2, result.exitCode(), result.all());
        assertTrue(result.err().contains("the lake bucket 'no-such-lake' does not exist: check --lake-bucket"), result.err());
    }

    static String[] concat(String[] args, String... more) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.addAll(Arrays.asList(more));
        return all.toArray(String[]::new);
    }
}
