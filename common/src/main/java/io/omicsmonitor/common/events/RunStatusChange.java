package io.omicsmonitor.common.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Pattern;

/**
 * The detail of a {@code Run Status Change} event. Older events carry only {@code omicsVersion, arn, status}: the run
 * id then comes from the ARN.
 */
public record RunStatusChange(
        String omicsVersion,
        OmicsArn arn,
        RunStatus status,
        String runId,
        String uuid,
        String runName,
        String runOutputUri,
        String workflowId,
        String workflowName) {

    public static final Pattern UUID = Pattern.compile("[A-Za-z0-9-]{1,64}");

    public static RunStatusChange from(EventEnvelope<JsonNode> event) {
        Fields f = new Fields(event.id(), "detail", event.detail());
        OmicsArn arn = OmicsArn.parse(f, "arn", f.requiredText("arn"), "run");
        f.requireNotBlankWhenPresent("runId", "a numeric run id");
        String runId = f.optionalMatching("runId", OmicsArn.NUMERIC_ID, "a numeric run id")
                .orElseGet(() -> arn.numericId(f, "arn"));
        return new RunStatusChange(
                f.optionalText("omicsVersion").orElse(null),
                arn,
                f.requiredEnum("status", RunStatus.class),
                runId,
                f.optionalMatching("uuid", UUID, "a run uuid").orElse(null),
                f.optionalText("runName").orElse(null),
                f.optionalText("runOutputUri").orElse(null),
                f.optionalMatching("workflowId", OmicsArn.NUMERIC_ID, "a numeric workflow id").orElse(null),
                f.optionalText("workflowName").orElse(null));
    }
}
