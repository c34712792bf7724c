package io.omicsmonitor.local;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.net.URI;

/**
 * A fault-injecting proxy in front of a real S3 server: it passes every request through, except the object PUTs it
 * is told to fail, which it answers with an S3 error of the given status. What gets through lands in the real server.
 */
public final class FlakyS3 implements AutoCloseable {

    private static final String ERROR_XML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
            + "<Error><Code>%s</Code><Message>injected by the test</Message><RequestId>FLAKY</RequestId></Error>";

    private final ApiStub stub = new ApiStub();
    private final URI target;

    public FlakyS3(URI target) {
        this.target = target;
        passThrough();
    }

    public URI endpoint() {
        return stub.endpoint();
    }

    /** The next {@code times} object PUTs fail with {@code status}; later ones pass through. */
    public FlakyS3 failPuts(int times, int status) {
        stub.reset();
        passThrough();
        String state = Scenario.STARTED;
        for (int i = 1; i <= times; i++) {
            String next = i == times ? "healthy" : "failed-" + i;
            stub.server().stubFor(put(urlMatching("/[^/]+/.+")).inScenario("flaky").whenScenarioStateIs(state)
                    .atPriority(1)
                    .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/xml")
                            .withBody(String.format(ERROR_XML, status == 503 ? "SlowDown" : "InternalError")))
                    .willSetStateTo(next));
            state = next;
        }
        return this;
    }

    /** Every object PUT fails with {@code status}, for good. */
    public FlakyS3 failAllPuts(int status) {
        stub.reset();
        passThrough();
        stub.server().stubFor(put(urlMatching("/[^/]+/.+")).atPriority(1)
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/xml")
                        .withBody(String.format(ERROR_XML, "InternalError"))));
        return this;
    }

    /** How many object PUTs reached the proxy, failed or not. */
    public int putAttempts() {
        return stub.server().countRequestsMatching(putRequestedFor(urlMatching("/[^/]+/.+")).build()).getCount();
    }

    /** One entry per object PUT that reached the proxy: the value of {@code header}, or null when it was absent. */
    public java.util.List<String> putHeader(String header) {
        return stub.server().findAll(putRequestedFor(urlMatching("/[^/]+/.+"))).stream()
                .map(r -> r.containsHeader(header) ? r.getHeader(header) : null)
                .collect(java.util.stream.Collectors.toList());
    }

    private void passThrough() {
        stub.server().stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().proxiedFrom(target.toString())));
    }

    @Override
    public void close() {
        stub.close();
    }
}
