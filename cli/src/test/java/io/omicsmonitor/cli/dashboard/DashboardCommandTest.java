package io.omicsmonitor.cli.dashboard;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.omicsmonitor.mapper.Json;
import io.omicsmonitor.common.aws.AwsClients;
import io.omicsmonitor.local.ApiStub;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * {@code dashboard} end to end through the real CloudWatchClient of SDK 2.40.2 against a loopback WireMock answering
 * in CloudWatch's query protocol (form parameters in, XML out, errors as {@code <ErrorResponse>} with the modeled
 * members, as the 2.40.2 client's {@code AwsQueryProtocolFactory} reads them). Static throwaway credentials.
 */
class DashboardCommandTest {

    static final String NS = "http://monitoring.amazonaws.com/doc/2010-08-01/";
    static ApiStub cloudWatch;

    @BeforeAll
    static void start() {
        cloudWatch = new ApiStub();
    }

    @AfterAll
    static void stop() {
        cloudWatch.close();
    }

    @BeforeEach
    void reset() {
        cloudWatch.reset();
    }

    record Run(int exitCode, String out, String err) {
        String all() {
            return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    static Run run(Map<String, String> environment, String... args) {
        DashboardCommand command = new DashboardCommand((region, profile, endpoints) -> new AwsClients(region,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")),
                Map.of("*", cloudWatch.endpoint())), environment);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    static Run run(String... args) {
        return run(Map.of(), args);
    }

    static void answer(int status, String xml) {
        cloudWatch.server().stubFor(post(urlEqualTo("/")).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "text/xml").withHeader("x-amzn-RequestId", "req-1").withBody(xml)));
    }

    /** The one request sent, its form parameters decoded. */
    static Map<String, String> onlyRequest() {
        List<LoggedRequest> requests = cloudWatch.server().findAll(
                com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(urlEqualTo("/")));
        assertEquals(1, requests.size(), "one call");
        assertTrue(requests.get(0).getHeader("Content-Type").startsWith("application/x-www-form-urlencoded"));
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : requests.get(0).getBodyAsString().split("&")) {
            int eq = pair.indexOf('=');
            form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return form;
    }

    @Test
    void putsTheBodyForTheWorkflowsAndSaysWhereToSeeIt() throws Exception {
        answer(200, "<PutDashboardResponse xmlns=\"" + NS + "\"><PutDashboardResult><DashboardValidationMessages/>"
                + "</PutDashboardResult><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata>"
                + "</PutDashboardResponse>");

        Run run = run("--workflow-ids", "4716932,9012345", "--region", "eu-west-1");

        assertEquals(0, run.exitCode(), run.all());
        Map<String, String> call = onlyRequest();
        assertEquals("PutDashboard", call.get("Action"));
        assertEquals("2010-08-01", call.get("Version"));
        assertEquals("omics-monitor-workflow-utilization", call.get("DashboardName"));
        JsonNode sent = Json.MAPPER.readTree(call.get("DashboardBody"));
        assertEquals(UtilizationDashboard.body("eu-west-1", List.of("4716932", "9012345")), sent);
        assertEquals("""
                dashboard omics-monitor-workflow-utilization: 2 workflows (4716932, 9012345) in eu-west-1
                https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#dashboards/dashboard/omics-monitor-workflow-utilization
                """, run.out());
        assertEquals("", run.err());
    }

    @Test
    void warningsOfASavedDashboardArePrintedAndItSucceeds() {
        answer(200, "<PutDashboardResponse xmlns=\"" + NS + "\"><PutDashboardResult><DashboardValidationMessages>"
                + "<member><DataPath>/widgets/1</DataPath><Message>The \"x\" property is not expected to be part of a "
                + "widget definition, will be ignored</Message></member></DashboardValidationMessages>"
                + "</PutDashboardResult><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata>"
                + "</PutDashboardResponse>");

        Run run = run(Map.of("AWS_REGION", "us-west-2"), "--workflow-ids", "4716932", "--name", "lab-usage");

        assertEquals(0, run.exitCode(), run.all());
        assertEquals("lab-usage", onlyRequest().get("DashboardName"));
        assertEquals("""
                CloudWatch saved the dashboard with warnings (some widgets may not render):
                  /widgets/1: The "x" property is not expected to be part of a widget definition, will be ignored
                """, run.err());
        assertTrue(run.out().startsWith("dashboard lab-usage: 1 workflow (4716932) in us-west-2\n"), run.out());
    }

    /**
     * CloudWatch's answer to a body it rejects, as the AWS CLI and the SDKs show it: InvalidParameterInput, the
     * validation errors as a JSON list in the message.
     */
    @Test
    void aBodyCloudWatchRejectsFailsWithItsValidationMessages() {
        answer(400, "<ErrorResponse xmlns=\"" + NS + "\"><Error><Type>Sender</Type><Code>InvalidParameterInput</Code>"
                + "<Message>The dashboard body is invalid, there are 2 validation errors:\n[\n  {\n    \"dataPath\": "
                + "\"/widgets/1/properties/data/queries/0\",\n    \"message\": \"Should have required property "
                + "'expression'\"\n  },\n  {\n    \"dataPath\": \"/widgets/1\",\n    \"message\": \"Should match "
                + "exactly one schema in oneOf\"\n  }\n]</Message></Error><RequestId>req-1</RequestId></ErrorResponse>");

        Run run = run("--workflow-ids", "4716932", "--region", "us-west-2");

        assertEquals(1, run.exitCode(), run.all());
        assertEquals("""
                error: CloudWatch rejected the dashboard omics-monitor-workflow-utilization: The dashboard body is invalid, there are 2 validation errors:
                  /widgets/1/properties/data/queries/0: Should have required property 'expression'
                  /widgets/1: Should match exactly one schema in oneOf
                Nothing was created or changed. `--dry-run` prints the body that was sent.
                """, run.err());
        assertEquals("", run.out());
    }

    @Test
    void aRejectionWithoutAListIsShownAsItIs() {
        answer(400, "<ErrorResponse xmlns=\"" + NS + "\"><Error><Type>Sender</Type><Code>InvalidParameterInput</Code>"
                + "<Message>The field DashboardBody must be a valid JSON object</Message></Error>"
                + "<RequestId>req-1</RequestId></ErrorResponse>");

        Run run = run("--workflow-ids", "4716932", "--region", "us-west-2");

        assertEquals(1, run.exitCode(), run.all());
        assertEquals("""
                error: CloudWatch rejected the dashboard omics-monitor-workflow-utilization: The field DashboardBody must be a valid JSON object
                Nothing was created or changed. `--dry-run` prints the body that was sent.
                """, run.err());
    }

    @Test
    void noPermissionStopsWithWhatToCheck() {
        answer(403, "<ErrorResponse xmlns=\"" + NS + "\"><Error><Type>Sender</Type><Code>AccessDenied</Code>"
                + "<Message>User: arn:aws:iam::123456789012:user/ana is not authorized to perform: "
                + "cloudwatch:PutDashboard</Message></Error><RequestId>req-1</RequestId></ErrorResponse>");

        Run run = run("--workflow-ids", "4716932", "--region", "us-west-2");

        assertEquals(2, run.exitCode(), run.all());
        assertEquals("error: PutDashboard failed in us-west-2: AccessDenied: User: arn:aws:iam::123456789012:user/ana is "
                + "not authorized to perform: cloudwatch:PutDashboard; check --region, --profile and that the "
                + "credentials allow cloudwatch:PutDashboard\n", run.err());
    }

    @Test
    void deleteDeletesTheNamedDashboard() {
        answer(200, "<DeleteDashboardsResponse xmlns=\"" + NS + "\"><DeleteDashboardsResult/><ResponseMetadata>"
                + "<RequestId>req-1</RequestId></ResponseMetadata></DeleteDashboardsResponse>");

        Run run = run("--delete", "--name", "lab-usage", "--region", "us-west-2");

        assertEquals(0, run.exitCode(), run.all());
        Map<String, String> call = onlyRequest();
        assertEquals("DeleteDashboards", call.get("Action"));
        assertEquals("lab-usage", call.get("DashboardNames.member.1"));
        assertEquals("deleted dashboard lab-usage in us-west-2\n", run.out());
    }

    @Test
    void deletingADashboardThatIsNotThereSaysSo() {
        answer(404, "<ErrorResponse xmlns=\"" + NS + "\"><Error><Type>Sender</Type><Code>ResourceNotFound</Code>"
                + "<Message>Dashboard lab-usage does not exist</Message></Error><RequestId>req-1</RequestId>"
                + "</ErrorResponse>");

        Run run = run("--delete", "--name", "lab-usage", "--region", "us-west-2");

        assertEquals(2, run.exitCode(), run.all());
        assertEquals("error: no dashboard lab-usage in us-west-2 (Dashboard lab-usage does not exist); nothing deleted. "
                + "Check --name and --region.\n", run.err());
    }

    @Test
    void aDryRunPrintsTheBodyAndCallsNothing() throws Exception {
        Run run = run("--workflow-ids", "4716932", "--region", "ap-southeast-1", "--dry-run");

        assertEquals(0, run.exitCode(), run.all());
        assertEquals(UtilizationDashboard.body("ap-southeast-1", List.of("4716932")), Json.MAPPER.readTree(run.out()));
        assertEquals(0, cloudWatch.server().getAllServeEvents().size(), "no call");
    }

    @Test
    void badUsageSaysWhatToPass() {
        assertUsage("pass --workflow-ids ID[,ID...]", "--region", "us-west-2");
        assertUsage("'wf-1' is not a HealthOmics workflow id", "--workflow-ids", "4716932,wf-1", "--region", "us-west-2");
        assertUsage("no AWS region: pass --region", "--workflow-ids", "4716932");
        assertUsage("--delete deletes the dashboard --name", "--delete", "--workflow-ids", "4716932", "--region", "us-west-2");
        assertUsage("is not a dashboard name", "--workflow-ids", "4716932", "--name", "lab usage", "--region", "us-west-2");
        String many = String.join(",", java.util.stream.IntStream.range(0, UtilizationDashboard.MAX_WORKFLOWS + 1)
                .mapToObj(i -> String.valueOf(1000000 + i)).toList());
        assertUsage("at most " + UtilizationDashboard.MAX_WORKFLOWS, "--workflow-ids", many, "--region", "us-west-2");
        assertEquals(0, cloudWatch.server().getAllServeEvents().size(), "no call");
    }

    static void assertUsage(String expected, String... args) {
        Run run = run(args);
        assertEquals(2, run.exitCode(), run.all());
        assertTrue(run.err().contains(expected), run.all());
    }

    @Test
    void theCommandIsRegistered() {
        io.omicsmonitor.cli.CommandRun help = io.omicsmonitor.cli.CommandRun.of("dashboard", "--help");
        assertEquals(0, help.exitCode(), help.err());
        assertTrue(help.out().contains("--workflow-ids"), help.out());
    }
}
