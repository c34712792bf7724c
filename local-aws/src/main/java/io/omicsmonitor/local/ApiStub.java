package io.omicsmonitor.local;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.net.URI;

/**
 * A local HTTP stub (WireMock on a free loopback port) for the AWS APIs other than S3. Tests program it with answers
 * in each service's real wire shape (JSON for Omics and CloudWatch Logs, XML for SNS) and check what the real SDK
 * clients sent.
 */
public final class ApiStub implements AutoCloseable {

    private final WireMockServer server;

    public ApiStub() {
        server = new WireMockServer(WireMockConfiguration.options()
                .bindAddress("127.0.0.1")
                .dynamicPort()
                .containerThreads(8));
        server.start();
    }

    public WireMockServer server() {
        return server;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    public void reset() {
        server.resetAll();
    }

    @Override
    public void close() {
        server.stop();
    }
}
