package io.omicsmonitor.local;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omicsmonitor.mapper.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Omics GetRun on an {@link ApiStub}, in the service's JSON shape ({@code GET /run/<id>}): the recorded answers in
 * {@code events/recorded/omics/}, and a run that ended before it started (cancelled while PENDING: no
 * {@code startTime}, and HealthOmics writes no manifest for it).
 */
public final class GetRunStub {

    private GetRunStub() {
    }

    /** The recorded GetRun answer of a run: {@code events/recorded/omics/get-run-<runId>.json}. */
    public static String recorded(String runId) {
        return new String(SampleEvents.bytes("recorded/omics/get-run-" + runId + ".json"), StandardCharsets.UTF_8);
    }

    /**
     * The recorded run as if it had been cancelled while PENDING, four minutes after its creation: status CANCELLED, no
     * {@code startTime}, a stop time, no log location.
     */
    public static String cancelledBeforeItStarted(String runId) {
        try {
            ObjectNode run = (ObjectNode) Json.MAPPER.readTree(recorded(runId));
            run.remove("startTime");
            run.remove("logLocation");
            run.put("status", "CANCELLED");
            run.put("statusMessage", "Run cancelled by user before it started");
            run.put("stopTime", "2026-11-22T07:44:02.300Z");
            return Json.MAPPER.writeValueAsString(run);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Answers GetRun of {@code runId} with {@code json}. */
    public static void answer(ApiStub stub, String runId, String json) {
        stub.server().stubFor(get(urlEqualTo("/run/" + runId)).willReturn(okJson(json)));
    }

    /** How many GetRun requests for {@code runId} the stub received. */
    public static int calls(ApiStub stub, String runId) {
        return stub.server().findAll(getRequestedFor(urlEqualTo("/run/" + runId))).size();
    }
}
