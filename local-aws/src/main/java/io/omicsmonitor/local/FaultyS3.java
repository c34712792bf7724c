package io.omicsmonitor.local;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A fault-injecting proxy in front of a real S3 server, for the faults S3 really produces: it passes every request
 * through, except the object PUTs it is told to fail. Each fault is one of {@link Kind}; a sequence of faults hits
 * the next PUTs in order, then PUTs pass again. What gets through lands in the real server.
 *
 * <p>{@link FlakyS3} answers an HTTP status; this one also breaks the connection, stays silent past the client's socket
 * timeout, and lets a write land while its answer is lost (the case that makes a retry write twice).
 */
public final class FaultyS3 implements AutoCloseable {

    /** The faults, as S3 or the network between produce them. */
    public enum Kind {
        /** 503 SlowDown: S3 asks the client to back off (request rate above the prefix's partition). */
        SLOW_DOWN,
        /** 500 InternalError. */
        INTERNAL_ERROR,
        /** The connection is reset by the peer before any answer. */
        CONNECTION_RESET,
        /** The connection is closed without an answer. */
        EMPTY_RESPONSE,
        /** No answer within {@link #silence}: the client's socket timeout fires. The write does not land. */
        TIMEOUT,
        /**
         * The write lands in S3, but its answer comes only after {@link #silence}: the client times out and retries a
         * write that already succeeded.
         */
        LANDED_ANSWER_LOST
    }

    private static final String ERROR_XML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
            + "<Error><Code>%s</Code><Message>%s</Message><RequestId>FAULTY</RequestId></Error>";
    private static final String OBJECT_PUT = "/[^/]+/.+";

    private final ApiStub stub = new ApiStub();
    private final URI target;
    private final Duration silence;

    /**
     * @param silence how long {@link Kind#TIMEOUT} and {@link Kind#LANDED_ANSWER_LOST} keep the client waiting: longer
     *                than the socket timeout of the client under test
     */
    public FaultyS3(URI target, Duration silence) {
        this.target = Objects.requireNonNull(target);
        this.silence = Objects.requireNonNull(silence);
        passThrough();
    }

    public URI endpoint() {
        return stub.endpoint();
    }

    /** The next object PUTs meet these faults, one each, in order; later PUTs pass through. */
    public FaultyS3 faults(List<Kind> sequence) {
        stub.reset();
        passThrough();
        String state = Scenario.STARTED;
        for (int i = 0; i < sequence.size(); i++) {
            String next = i == sequence.size() - 1 ? "healthy" : "fault-" + (i + 1);
            stub.server().stubFor(put(urlMatching(OBJECT_PUT)).inScenario("faulty").whenScenarioStateIs(state)
                    .atPriority(1).willReturn(answer(sequence.get(i))).willSetStateTo(next));
            state = next;
        }
        return this;
    }

    public FaultyS3 faults(Kind... sequence) {
        return faults(List.of(sequence));
    }

    /** Every object PUT meets {@code kind}, for good. */
    public FaultyS3 always(Kind kind) {
        stub.reset();
        passThrough();
        stub.server().stubFor(put(urlMatching(OBJECT_PUT)).atPriority(1).willReturn(answer(kind)));
        return this;
    }

    /** How many object PUTs reached the proxy, failed or not. */
    public int putAttempts() {
        return stub.server().countRequestsMatching(putRequestedFor(urlMatching(OBJECT_PUT)).build()).getCount();
    }

    /**
     * The object of every PUT that reached the proxy since the last {@link #forgetRequests()}, failed or not, as
     * {@code <bucket>/<key>} with the key URL-decoded: what a test checks to prove where a function writes.
     */
    public List<String> objectPuts() {
        return stub.server().findAll(putRequestedFor(urlMatching(OBJECT_PUT))).stream()
                .map(request -> URLDecoder.decode(request.getUrl().replaceFirst("\\?.*$", "").substring(1),
                        StandardCharsets.UTF_8))
                .toList();
    }

    /** Forgets the requests received so far; faults already set stay set. */
    public void forgetRequests() {
        stub.server().resetRequests();
    }

    private ResponseDefinitionBuilder answer(Kind kind) {
        return switch (kind) {
            case SLOW_DOWN -> error(503, "SlowDown", "Please reduce your request rate.");
            case INTERNAL_ERROR -> error(500, "InternalError", "We encountered an internal error. Please try again.");
            case CONNECTION_RESET -> aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER);
            case EMPTY_RESPONSE -> aResponse().withFault(Fault.EMPTY_RESPONSE);
            case TIMEOUT -> aResponse().withStatus(200).withFixedDelay((int) silence.toMillis());
            case LANDED_ANSWER_LOST -> aResponse().proxiedFrom(target.toString()).withFixedDelay((int) silence.toMillis());
        };
    }

    private static ResponseDefinitionBuilder error(int status, String code, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/xml")
                .withBody(String.format(ERROR_XML, code, message));
    }

    private void passThrough() {
        stub.server().stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().proxiedFrom(target.toString())));
    }

    @Override
    public void close() {
        stub.close();
    }
}
