package io.omicsmonitor.common.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The detail of a {@code Workflow Status Change} event: {@code omicsVersion, arn, status}, and, per a public sample
 * (not verified against AWS's documentation), {@code workflowUuid} and an optional {@code workflowVersionName}. A
 * version may also be named by a version ARN ({@code workflow/<id>/version/<name>}); both are read.
 *
 * @param ownerAccount the account in the workflow's ARN: empty for READY2RUN workflows, another account for a shared one
 */
public record WorkflowStatusChange(
        String omicsVersion,
        OmicsArn arn,
        String workflowId,
        String ownerAccount,
        WorkflowStatus status,
        String workflowUuid,
        String versionName) {

    /** HealthOmics' rule for version names; they also become S3 object names. */
    public static final Pattern VERSION_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private static final Pattern WORKFLOW_PATH = Pattern.compile("(\\d{1,20})(?:/version/([^/]+))?");

    public enum WorkflowStatus { CREATING, ACTIVE, UPDATING, DELETED, FAILED, INACTIVE }

    public static WorkflowStatusChange from(EventEnvelope<JsonNode> event) {
        Fields f = new Fields(event.id(), "detail", event.detail());
        OmicsArn arn = OmicsArn.parse(f, "arn", f.requiredText("arn"), "workflow");
        Matcher path = WORKFLOW_PATH.matcher(arn.path());
        if (!path.matches()) {
            throw f.bad("arn", "is '" + Fields.shorten(arn.text()) + "', expected workflow/<id> or workflow/<id>/version/<name>");
        }
        String versionName = f.optionalText("workflowVersionName").orElse(path.group(2));
        if (versionName != null) {
            f.requireMatch("workflowVersionName", versionName, VERSION_NAME,
                    "a version name of letters, digits, '.', '_' or '-' (at most 64)");
        }
        return new WorkflowStatusChange(
                f.optionalText("omicsVersion").orElse(null),
                arn,
                path.group(1),
                arn.account(),
                f.requiredEnum("status", WorkflowStatus.class),
                f.optionalMatching("workflowUuid", RunStatusChange.UUID, "a workflow uuid").orElse(null),
                versionName);
    }
}
