package io.omicsmonitor.local;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CloudWatch GetMetricData on an {@link ApiStub}, in its wire shape: the SDK (2.40.2) speaks CloudWatch's query
 * protocol, a form {@code POST /} with {@code Action=GetMetricData}, answered in XML
 * ({@code GetMetricDataResponse/GetMetricDataResult/MetricDataResults/member}, each with its Id, Label, Timestamps,
 * Values and StatusCode, and a NextToken when more pages follow).
 */
public final class MetricDataStub {

    /** One query's answer: its data points (a timestamp each, ISO-8601) and values, in the same order. */
    public record Series(String id, String label, List<String> timestamps, List<Double> values, String statusCode) {
        public static Series complete(String id, String label, String timestamp, double value) {
            return new Series(id, label, List.of(timestamp), List.of(value), "Complete");
        }

        public static Series none(String id, String label) {
            return new Series(id, label, List.of(), List.of(), "Complete");
        }
    }

    private MetricDataStub() {
    }

    /**
     * Answers a GetMetricData whose form contains {@code when} (e.g. {@code NextToken=page-2}; "" for any) with these
     * results and, if not null, a NextToken. A more specific answer needs a higher priority (a lower number).
     */
    public static void answer(WireMockServer server, String when, int priority, List<Series> results, String nextToken) {
        StringBuilder xml = new StringBuilder("<GetMetricDataResponse xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\">"
                + "<GetMetricDataResult><MetricDataResults>");
        for (Series s : results) {
            xml.append("<member><Timestamps>");
            s.timestamps().forEach(t -> xml.append("<member>").append(t).append("</member>"));
            xml.append("</Timestamps><Label>").append(s.label()).append("</Label><Id>").append(s.id()).append("</Id>")
                    .append("<StatusCode>").append(s.statusCode()).append("</StatusCode><Values>");
            s.values().forEach(v -> xml.append("<member>").append(v).append("</member>"));
            xml.append("</Values></member>");
        }
        xml.append("</MetricDataResults>");
        if (nextToken != null) {
            xml.append("<NextToken>").append(nextToken).append("</NextToken>");
        }
        xml.append("<Messages/></GetMetricDataResult><ResponseMetadata><RequestId>5f2b8a1e-metric-data</RequestId>"
                + "</ResponseMetadata></GetMetricDataResponse>");
        MappingBuilder request = post(urlEqualTo("/")).withRequestBody(containing("Action=GetMetricData"));
        if (!when.isEmpty()) {
            request = request.withRequestBody(containing(when));
        }
        server.stubFor(request.atPriority(priority).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/xml").withBody(xml.toString())));
    }

    /** Each GetMetricData request the stub received, as its decoded form parameters, in order. */
    public static List<Map<String, String>> requests(WireMockServer server) {
        List<Map<String, String>> forms = new ArrayList<>();
        for (LoggedRequest request : server.findAll(postRequestedFor(urlEqualTo("/"))
                .withRequestBody(containing("Action=GetMetricData")))) {
            Map<String, String> form = new LinkedHashMap<>();
            Arrays.stream(request.getBodyAsString().split("&")).map(p -> p.split("=", 2)).forEach(p ->
                    form.put(URLDecoder.decode(p[0], StandardCharsets.UTF_8),
                            p.length > 1 ? URLDecoder.decode(p[1], StandardCharsets.UTF_8) : ""));
            forms.add(form);
        }
        return forms;
    }
}
