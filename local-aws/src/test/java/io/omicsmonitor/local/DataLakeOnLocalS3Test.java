package io.omicsmonitor.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omicsmonitor.common.lake.DataLake;
import io.omicsmonitor.common.lake.LakeLocation;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The lake writer against a real S3 server: keys, bytes, content type and overwrite on replay. */
class DataLakeOnLocalS3Test {

    private static LocalS3 s3;
    private static DataLake lake;

    record Row(String runId, Instant eventTime, Map<String, Object> metrics) {
    }

    @BeforeAll
    static void start() {
        s3 = LocalS3.inMemory().createBucket("lake");
        lake = new DataLake(s3.client(), new LakeLocation("lake", "/omics/"));
    }

    @AfterAll
    static void stop() {
        s3.close();
    }

    @Test
    void writesOneJsonLineUnderTheUtcDatePartition() {
        Instant late = Instant.parse("2024-02-29T23:59:59Z");
        String key = lake.put("runs", late, "1234567", new Row("1234567", late, new TreeMap<>(Map.of("cpus", 4, "ratio", 0.5))));

        assertEquals("omics/runs/year=2024/month=02/day=29/1234567.json", key);
        assertEquals("{\"runId\":\"1234567\",\"eventTime\":\"2024-02-29T23:59:59Z\",\"metrics\":{\"cpus\":4,\"ratio\":0.5}}\n",
                s3.read("lake", key));
        assertEquals(DataLake.CONTENT_TYPE, s3.contentType("lake", key));
        assertTrue(lake.exists(key));
        assertFalse(lake.exists("omics/runs/year=2024/month=02/day=29/7654321.json"));
    }

    @Test
    void writingTheSameRecordAgainLeavesOneObject() {
        Instant time = Instant.parse("2023-01-05T10:00:00Z");
        lake.putLines("tasks", time, "42", List.of(Map.of("taskId", "1"), Map.of("taskId", "2")));
        lake.putLines("tasks", time, "42", List.of(Map.of("taskId", "1"), Map.of("taskId", "2")));

        List<String> keys = s3.keys("lake").stream().filter(k -> k.startsWith("omics/tasks/")).toList();
        assertEquals(List.of("omics/tasks/year=2023/month=01/day=05/42.json"), keys);
        assertEquals("{\"taskId\":\"1\"}\n{\"taskId\":\"2\"}\n", s3.read("lake", keys.get(0)));
    }

    @Test
    void sendsSmallObjectsWithoutWaitingFor100Continue() {
        try (FlakyS3 proxy = new FlakyS3(s3.endpoint())) {
            DataLake viaProxy = new DataLake(LocalAws.clients(Map.of("s3", proxy.endpoint())).s3(),
                    new LakeLocation("lake", "omics"));
            Instant time = Instant.parse("2023-01-05T10:00:00Z");
            viaProxy.put("runs", time, "small", Map.of("runId", "1"));
            viaProxy.put("runs", time, "large", Map.of("pad", "x".repeat(2 * 1024 * 1024)));

            // in the order sent: the small record without the header, the 2 MiB one still with it
            assertEquals(java.util.Arrays.asList(null, "100-continue"), proxy.putHeader("Expect"));
            assertEquals("{\"runId\":\"1\"}\n", s3.read("lake", "omics/runs/year=2023/month=01/day=05/small.json"));
        }
    }

    @Test
    void sendsTheBodyAsItIsWithItsCrc32InAHeader() {
        try (FlakyS3 proxy = new FlakyS3(s3.endpoint())) {
            DataLake viaProxy = new DataLake(LocalAws.clients(Map.of("s3", proxy.endpoint())).s3(),
                    new LakeLocation("lake", "omics"));
            viaProxy.put("runs", Instant.parse("2023-01-05T10:00:00Z"), "plain", Map.of("runId", "1"));

            byte[] body = "{\"runId\":\"1\"}\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(body);
            String crc32 = java.util.Base64.getEncoder().encodeToString(
                    java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
            assertEquals(java.util.Arrays.asList((String) null), proxy.putHeader("Content-Encoding"), "not aws-chunked");
            assertEquals(List.of(String.valueOf(body.length)), proxy.putHeader("Content-Length"));
            assertEquals(List.of(crc32), proxy.putHeader("x-amz-checksum-crc32"));
        }
    }

    @Test
    void keepsItsConnectionAliveAcrossPutsSoNoneIsRetried() {
        // S3Proxy closed the connection after every aws-chunked upload; the next PutObject then failed on it now and
        // then and was retried after a back-off. Sent as plain bodies, none of 300 puts needs a second attempt.
        var client = LocalAws.clients(Map.of("s3", s3.endpoint())).s3();
        List<Integer> retries = new java.util.ArrayList<>();
        software.amazon.awssdk.metrics.MetricPublisher publisher = new software.amazon.awssdk.metrics.MetricPublisher() {
            @Override
            public void publish(software.amazon.awssdk.metrics.MetricCollection metrics) {
                retries.addAll(metrics.metricValues(software.amazon.awssdk.core.metrics.CoreMetric.RETRY_COUNT));
            }

            @Override
            public void close() {
            }
        };
        for (int i = 0; i < 300; i++) {
            String key = "retries/" + i + ".json";
            client.putObject(b -> b.bucket("lake").key(key).overrideConfiguration(o -> o.addMetricPublisher(publisher)),
                    software.amazon.awssdk.core.sync.RequestBody.fromString("{\"n\":" + key.length() + "}\n"));
        }
        assertEquals(300, retries.size());
        assertEquals(0, retries.stream().mapToInt(Integer::intValue).sum(), "retried attempts");
    }

    @Test
    void refusesKeysThatWouldLeaveTheTable() {
        Instant time = Instant.parse("2023-01-05T10:00:00Z");
        for (String id : new String[] {"../x", "a/b", "%2F", "..", "a\nb", "x".repeat(200), ""}) {
            assertThrows(IllegalArgumentException.class, () -> lake.put("runs", time, id, Map.of()), id);
        }
        assertThrows(IllegalArgumentException.class, () -> lake.put("../runs", time, "1", Map.of()));
        assertTrue(s3.keys("lake").stream().noneMatch(k -> k.contains("..")));
    }

    @Test
    void writesAStateObjectOutsideTheTables() {
        String key = lake.putState("custom-metrics", "2c3d4e5f-6071-8293", Map.of("eventId", "2c3d4e5f-6071-8293"));

        assertEquals("omics/_state/custom-metrics/2c3d4e5f-6071-8293.json", key);
        assertEquals(key, lake.stateKey("custom-metrics", "2c3d4e5f-6071-8293"));
        assertEquals("{\"eventId\":\"2c3d4e5f-6071-8293\"}\n", s3.read("lake", key));
        assertTrue(lake.exists(key));
        assertFalse(lake.exists(lake.stateKey("custom-metrics", "another")));
        for (String bad : new String[] {"../runs", "a/b", "..", ""}) {
            assertThrows(IllegalArgumentException.class, () -> lake.stateKey(bad, "x"), bad);
            assertThrows(IllegalArgumentException.class, () -> lake.stateKey("custom-metrics", bad), bad);
        }
    }
}
