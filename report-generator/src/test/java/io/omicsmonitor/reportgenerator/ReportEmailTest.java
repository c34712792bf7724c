package io.omicsmonitor.reportgenerator;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.omicsmonitor.local.ApiStub;
import io.omicsmonitor.local.LocalAws;
import io.omicsmonitor.local.LocalS3;
import io.omicsmonitor.mapper.Json;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/** The e-mail's limits: what is attached when, and which recipient lists the function refuses at start-up. */
class ReportEmailTest {

    static final String BUCKET = "omics-monitor-lake-bucket";
    static ApiStub ses;
    static LocalS3 s3;

    @BeforeAll
    static void start() {
        ses = new ApiStub();
        s3 = LocalS3.inMemory();
        s3.resetTo(BUCKET);
        ses.server().stubFor(post(urlEqualTo("/v2/email/outbound-emails")).willReturn(okJson("{\"MessageId\":\"m-1\"}")));
    }

    @AfterAll
    static void stop() {
        ses.close();
        s3.close();
    }

    /** A day with tens of thousands of failed runs: the CSVs would make the message over 10 MB, so they stay in S3. */
    @Test
    void csvsThatWouldMakeTheMessageTooLargeAreLeftInS3AndTheTextSaysSo() throws Exception {
        var aws = LocalAws.clients(Map.of("sesv2", ses.endpoint(), "s3", s3.endpoint()));
        ReportEmail email = new ReportEmail(aws.configure(SesV2Client.builder(), "sesv2"), aws.s3(), BUCKET,
                "omics-reports@example.org", List.of("ops-lead@example.org"));
        Map<String, String> files = new LinkedHashMap<>();
        files.put("index.html", "<!DOCTYPE html><html><body><p>the page</p></body></html>");
        files.put("runs-by-status.csv", "status,runs\r\nFAILED,60000\r\n");
        files.put("failures.csv", "run_id,reason\r\n" + "1234567,OUT_OF_MEMORY: task 7654321 exceeded 64 GiB\r\n"
                .repeat(160_000));

        ReportEmail.Sent sent = email.send("event-1", "reports/daily/2026-11-15/", "omics-monitor: Daily", "the text\n",
                files, Instant.parse("2026-11-16T06:00:05Z"));

        assertEquals(List.of(), sent.attached());
        JsonNode request = Json.MAPPER.readTree(ses.server().findAll(postRequestedFor(urlEqualTo(
                "/v2/email/outbound-emails"))).get(0).getBodyAsString());
        JsonNode simple = request.path("Content").path("Simple");
        assertTrue(simple.path("Attachments").isMissingNode() || simple.path("Attachments").isEmpty(), simple.toString()
                .substring(0, 200));
        assertEquals("the text\n\nThe CSVs are not attached: with them the message would be over 10 MB.\n",
                simple.path("Body").path("Text").path("Data").asText());
        assertEquals(files.get("index.html"), simple.path("Body").path("Html").path("Data").asText());
    }

    @Test
    void recipientListsTheFunctionRefuses() {
        assertEquals(Optional.empty(), ReportEmail.recipients("", ""));
        assertEquals(Optional.of(List.of("a@example.org", "b@example.org")),
                ReportEmail.recipients("r@example.org", "a@example.org, b@example.org"));
        assertEquals("REPORT_EMAIL_RECIPIENTS: 'ops-lead' is not an e-mail address", assertThrows(
                IllegalArgumentException.class, () -> ReportEmail.recipients("r@example.org", "ops-lead")).getMessage());
        String many = String.join(",", java.util.stream.IntStream.range(0, 51).mapToObj(i -> "p" + i + "@example.org")
                .toList());
        assertEquals("REPORT_EMAIL_RECIPIENTS names 51 addresses; SES sends one message to at most 50", assertThrows(
                IllegalArgumentException.class, () -> ReportEmail.recipients("r@example.org", many)).getMessage());
    }
}
