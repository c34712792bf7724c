package io.omicsmonitor.common.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omicsmonitor.common.aws.AwsClients;
import io.omicsmonitor.common.aws.PrimingAnswers;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/** Priming's dry SDK calls: marshalled, signed and answered in memory, never sent. */
class SnapStartPrimingTest {

    ServerSocket server;
    final AtomicInteger connections = new AtomicInteger();
    S3Client s3;

    @BeforeEach
    void listen() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket ignored = server.accept()) {
                    connections.incrementAndGet();
                } catch (IOException e) {
                    return;
                }
            }
        });
        accept.setDaemon(true);
        accept.start();
        s3 = new AwsClients(Region.US_WEST_2, StaticCredentialsProvider.create(AwsBasicCredentials.create("k", "s")),
                Map.of("s3", URI.create("http://127.0.0.1:" + server.getLocalPort()))).s3();
    }

    @AfterEach
    void close() throws IOException {
        s3.close();
        server.close();
    }

    @Test
    void aDryCallIsAnsweredInMemoryAndNeverSent() {
        PutObjectResponse response = s3.putObject(
                b -> b.bucket("lake").key("k").overrideConfiguration(SnapStartPriming.DRY_RUN), RequestBody.fromString("{}"));

        assertEquals(Optional.of("answered"), response.sdkHttpResponse().firstMatchingHeader(PrimingAnswers.ANSWERED_HEADER));
        assertEquals(0, connections.get(), "nothing reached the server");
    }

    @Test
    void callsWithoutDryRunStillGoToTheServer() {
        assertThrows(RuntimeException.class, () -> s3.putObject(b -> b.bucket("lake").key("k"), RequestBody.fromString("{}")));

        assertTrue(connections.get() > 0, "the real client sent it");
    }

    @Test
    void theLakeWriteIsPrimedWithoutAConnection() {
        SnapStartPriming.lakeWrite(s3, "lake", "lake/runs/year=2026/month=01/day=01/priming.json", Map.of("run_id", "1"));

        assertEquals(0, connections.get());
    }

    @Test
    void aFailingPrimingIsLoggedAndDoesNotFailTheCheckpoint() {
        SnapStartPriming resource = SnapStartPriming.register(SnapStartPrimingTest.class, () -> {
            throw new IllegalStateException("boom");
        });

        resource.beforeCheckpoint(null);
    }
}
