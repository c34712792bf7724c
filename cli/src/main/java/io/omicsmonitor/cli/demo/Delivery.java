package io.omicsmonitor.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.omicsmonitor.mapper.Json;
import java.time.Instant;

/**
 * One event on its way to the functions: a sample event file, or an event a function put on the bus.
 *
 * @param label  where it came from (the file name, or "relayed")
 * @param event  the EventBridge event as the functions receive it
 * @param bus    the name of the bus it was put on: {@code default} for HealthOmics' events (the sample files), the
 *               PutEvents entry's {@code EventBusName} for a relayed one; only that bus's rules see it
 */
record Delivery(String label, JsonNode event, String bus) {

    /** An event on the default bus, where HealthOmics puts its events. */
    Delivery(String label, JsonNode event) {
        this(label, event, "default");
    }

    Instant time() {
        return Instant.parse(event.path("time").asText());
    }

    byte[] bytes() {
        try {
            return Json.MAPPER.writeValueAsBytes(event);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** "Run Status Change COMPLETED run 7382915": what the event is about, in a few words. */
    String summary() {
        JsonNode detail = event.path("detail");
        String subject = "";
        String arn = detail.path("arn").asText(detail.path("runArn").asText(""));
        if (detail.hasNonNull("runId") && !event.path("detail-type").asText().startsWith("Task")) {
            subject = "run " + detail.path("runId").asText();
        } else if (arn.contains(":task/")) {
            subject = "task " + arn.substring(arn.lastIndexOf('/') + 1) + " of run " + detail.path("runId").asText();
        } else if (arn.contains(":workflow/")) {
            subject = "workflow " + arn.substring(arn.lastIndexOf('/') + 1)
                    + (detail.hasNonNull("workflowVersionName") ? " version " + detail.path("workflowVersionName").asText() : "");
        } else if (arn.contains(":run/")) {
            subject = "run " + arn.substring(arn.lastIndexOf('/') + 1);
        } else if (detail.hasNonNull("sequenceStoreId") || detail.hasNonNull("referenceStoreId")) {
            subject = "job " + detail.path("id").asText() + " of " + (detail.hasNonNull("sequenceStoreId")
                    ? "sequence store " + detail.path("sequenceStoreId").asText()
                    : "reference store " + detail.path("referenceStoreId").asText());
        } else if (detail.hasNonNull("storeId")) {
            subject = "store " + detail.path("storeId").asText();
        } else if (detail.hasNonNull("resourceArn")) {
            String resource = detail.path("resourceArn").asText();
            subject = resource.substring(resource.lastIndexOf(':') + 1);
        }
        String status = detail.path("status").asText("");
        return (event.path("detail-type").asText() + " " + status).trim() + (subject.isEmpty() ? "" : " " + subject);
    }
}
