package io.omicsmonitor.common.events;

import com.fasterxml.jackson.databind.JsonNode;

/** The detail of a {@code Task Status Change} event. */
public record TaskStatusChange(
        String omicsVersion,
        OmicsArn arn,
        String taskId,
        RunStatus status,
        String runArn,
        String runId,
        String runUuid,
        String runName,
        String workflowId,
        String workflowName) {

    public static TaskStatusChange from(EventEnvelope<JsonNode> event) {
        Fields f = new Fields(event.id(), "detail", event.detail());
        OmicsArn arn = OmicsArn.parse(f, "arn", f.requiredText("arn"), "task");
        RunStatus status = f.requiredEnum("status", RunStatus.class);
        if (status == RunStatus.DELETED) {
            throw f.bad("status", "is DELETED, which HealthOmics never reports for a task");
        }
        OmicsArn runArn = f.optionalText("runArn").map(a -> OmicsArn.parse(f, "runArn", a, "run")).orElse(null);
        f.requireNotBlankWhenPresent("runId", "a numeric run id");
        String runId = f.optionalMatching("runId", OmicsArn.NUMERIC_ID, "a numeric run id")
                .or(() -> java.util.Optional.ofNullable(runArn).map(a -> a.numericId(f, "runArn")))
                .orElseThrow(() -> f.missing("runId"));
        return new TaskStatusChange(
                f.optionalText("omicsVersion").orElse(null),
                arn,
                arn.numericId(f, "arn"),
                status,
                runArn == null ? null : runArn.text(),
                runId,
                f.optionalMatching("runUuid", RunStatusChange.UUID, "a run uuid").orElse(null),
                f.optionalText("runName").orElse(null),
                f.optionalMatching("workflowId", OmicsArn.NUMERIC_ID, "a numeric workflow id").orElse(null),
                f.optionalText("workflowName").orElse(null));
    }
}
