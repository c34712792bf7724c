package io.omicsmonitor.local;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.omicsmonitor.mapper.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SNS Publish requests as a local stub received them (the query protocol's form, decoded): what a subscriber of each
 * protocol would get. With {@code MessageStructure=json} the message holds one text per protocol: {@link #email()} is
 * what a mailbox shows, {@link #chat()} what Amazon Q Developer in chat applications renders.
 */
public record SnsPublishes(String topicArn, String subject, String messageStructure, String message,
                           Map<String, String> attributes) {

    /** Answers every Publish with this message id, in SNS's XML. */
    public static void stubPublish(WireMockServer server, String messageId) {
        server.stubFor(post(urlEqualTo("/")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/xml")
                .withBody("<PublishResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><PublishResult>"
                        + "<MessageId>" + messageId + "</MessageId></PublishResult>"
                        + "<ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></PublishResponse>")));
    }

    /** Every Publish the stub received, in order. */
    public static List<SnsPublishes> all(WireMockServer server) {
        List<SnsPublishes> published = new ArrayList<>();
        for (LoggedRequest request : server.findAll(postRequestedFor(urlEqualTo("/")))) {
            Map<String, String> form = new LinkedHashMap<>();
            Arrays.stream(request.getBodyAsString().split("&")).map(p -> p.split("=", 2)).forEach(p ->
                    form.put(URLDecoder.decode(p[0], StandardCharsets.UTF_8),
                            p.length > 1 ? URLDecoder.decode(p[1], StandardCharsets.UTF_8) : ""));
            if (!"Publish".equals(form.get("Action"))) {
                continue;
            }
            Map<String, String> attributes = new LinkedHashMap<>();
            for (int n = 1; form.containsKey("MessageAttributes.entry." + n + ".Name"); n++) {
                attributes.put(form.get("MessageAttributes.entry." + n + ".Name"),
                        form.get("MessageAttributes.entry." + n + ".Value.StringValue"));
            }
            published.add(new SnsPublishes(form.get("TopicArn"), form.get("Subject"), form.get("MessageStructure"),
                    form.get("Message"), attributes));
        }
        return published;
    }

    /** What an e-mail subscriber reads. */
    public String email() {
        return "json".equals(messageStructure) ? perProtocol().path("email").asText() : message;
    }

    /** What subscribers of protocols without a text of their own get (a Lambda function, SQS). */
    public String text() {
        return "json".equals(messageStructure) ? perProtocol().path("default").asText() : message;
    }

    /** The custom notification Amazon Q Developer in chat applications receives (over HTTPS), parsed. */
    public JsonNode chat() {
        try {
            return Json.MAPPER.readTree(perProtocol().path("https").asText());
        } catch (IOException e) {
            throw new UncheckedIOException("the https message is not JSON: " + message, e);
        }
    }

    private JsonNode perProtocol() {
        try {
            return Json.MAPPER.readTree(message);
        } catch (IOException e) {
            throw new UncheckedIOException("MessageStructure=json, but the message is not JSON: " + message, e);
        }
    }
}
