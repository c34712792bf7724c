package io.omicsmonitor.cli.ack;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.omicsmonitor.local.ApiStub;
import io.omicsmonitor.local.LocalAws;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code omics-monitor ack} against a local stub of CloudFormation and Lambda (the real SDK clients): which function it
 * finds and invokes, what it sends, what it prints and its exit code for each answer of the ack function.
 */
class AckCommandTest {

    static final String ALERT = "3d4e5f60-7182-93a4-b5c6-d7e8f90a1b23";
    static final String ALIAS = "arn:aws:lambda:us-west-2:123456789012:function:omics-monitor-AlertAckFunction-AbC:live";
    static final String INVOKE = "/2015-03-31/functions/" + URLEncoder.encode(ALIAS, StandardCharsets.UTF_8) + "/invocations";
    static ApiStub stub;

    record Result(int code, String out, String err) {
    }

    @BeforeAll
    static void start() {
        stub = new ApiStub();
    }

    @AfterAll
    static void stop() {
        stub.close();
    }

    @BeforeEach
    void reset() {
        stub.reset();
        stub.server().stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=ListStackResources"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody(
                        "<ListStackResourcesResponse xmlns=\"http://cloudformation.amazonaws.com/doc/2010-05-15/\">"
                        + "<ListStackResourcesResult><StackResourceSummaries>"
                        + member("AlertAckFunction", "omics-monitor-AlertAckFunction-AbC", "AWS::Lambda::Function")
                        + member("AlertAckFunctionAliaslive", ALIAS, "AWS::Lambda::Alias")
                        + member("LakeBucket", "omics-monitor-lakebucket-1x2y3z", "AWS::S3::Bucket")
                        + "</StackResourceSummaries></ListStackResourcesResult><ResponseMetadata><RequestId>r</RequestId>"
                        + "</ResponseMetadata></ListStackResourcesResponse>")));
    }

    static String member(String id, String physical, String type) {
        return "<member><LogicalResourceId>" + id + "</LogicalResourceId><PhysicalResourceId>" + physical
                + "</PhysicalResourceId><ResourceType>" + type + "</ResourceType><LastUpdatedTimestamp>"
                + "2026-11-20T08:00:00.000Z</LastUpdatedTimestamp><ResourceStatus>CREATE_COMPLETE</ResourceStatus></member>";
    }

    Result ack(String... args) {
        AckCommand command = new AckCommand((region, profile, endpoints) -> LocalAws.clients(
                Map.of("*", URI.create("http://127.0.0.1:" + stub.server().port()))),
                Map.of("AWS_REGION", "us-west-2", "USER", "jdoe"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return new Result(cli.execute(args), out.toString(), err.toString());
    }

    void answer(String json) {
        stub.server().stubFor(post(urlEqualTo(INVOKE)).willReturn(okJson(json)));
    }

    @Test
    void acknowledgesThroughTheStacksAckFunction() {
        answer("{\"alertId\":\"" + ALERT + "\",\"outcome\":\"acknowledged\",\"message\":\"Alert " + ALERT
                + " acknowledged at 2026-11-21T14:41:30Z, before its escalation (due 2026-11-21T14:58:02Z): it will not "
                + "be escalated.\",\"acknowledgedAt\":\"2026-11-21T14:41:30Z\",\"by\":\"jane\"}");
        Result result = ack(ALERT, "--stack", "omics-monitor", "--by", "jane");

        assertEquals(0, result.code(), result.err());
        assertEquals("Alert " + ALERT + " acknowledged at 2026-11-21T14:41:30Z, before its escalation (due "
                + "2026-11-21T14:58:02Z): it will not be escalated.\n", result.out());
        List<LoggedRequest> invokes = stub.server().findAll(postRequestedFor(urlEqualTo(INVOKE)));
        assertEquals(1, invokes.size(), "the live alias found in the stack is invoked");
        assertEquals("{\"alertId\":\"" + ALERT + "\",\"by\":\"jane\"}", invokes.get(0).getBodyAsString());
        assertEquals("RequestResponse", invokes.get(0).getHeader("X-Amz-Invocation-Type"), "it waits for the answer");
    }

    @Test
    void saysWhoAcknowledgedFirstAndStillSucceeds() {
        answer("{\"alertId\":\"" + ALERT + "\",\"outcome\":\"already acknowledged\",\"message\":\"Alert " + ALERT
                + " was already acknowledged at 2026-11-21T14:41:30Z by jane; nothing changed.\"}");
        Result result = ack(ALERT, "--function", ALIAS);

        assertEquals(0, result.code());
        assertTrue(result.out().contains("already acknowledged at 2026-11-21T14:41:30Z by jane"), result.out());
        assertEquals("{\"alertId\":\"" + ALERT + "\",\"by\":\"jdoe\"}",
                stub.server().findAll(postRequestedFor(urlEqualTo(INVOKE))).get(0).getBodyAsString(), "by: USER");
    }

    @Test
    void anUnknownAlertExitsWithOne() {
        answer("{\"alertId\":\"nope\",\"outcome\":\"unknown alert\",\"message\":\"No alert nope is waiting for an "
                + "acknowledgement: check the id in the alert's text.\"}");
        Result result = ack("nope", "--stack", "omics-monitor");

        assertEquals(1, result.code());
        assertTrue(result.out().startsWith("No alert nope is waiting"), result.out());
    }

    @Test
    void aFunctionErrorIsReportedWithItsMessage() {
        stub.server().stubFor(post(urlEqualTo(INVOKE)).willReturn(okJson("{\"errorMessage\":\"\\\"by\\\" is 1 to 200 "
                + "letters\",\"errorType\":\"java.lang.IllegalArgumentException\"}")
                .withHeader("X-Amz-Function-Error", "Unhandled")));
        Result result = ack(ALERT, "--function", ALIAS, "--by", "<script>");

        assertEquals(2, result.code());
        assertEquals("error: \"by\" is 1 to 200 letters\n", result.err());
    }

    @Test
    void needsTheStackOrTheFunction() {
        Result result = ack(ALERT);
        assertEquals(2, result.code());
        assertTrue(result.err().contains("pass --stack (the deployed stack) or --function"), result.err());
    }
}
