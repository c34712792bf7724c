package io.omicsmonitor.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.omicsmonitor.common.events.DetailTypes;
import io.omicsmonitor.common.events.EventEnvelope;
import io.omicsmonitor.common.events.Fields;
import java.time.Instant;
import java.util.Set;

/**
 * A row of the {@code security_events} table: a change to who may reach HealthOmics data or workflows
 * ({@code Workflow Share Status Change}, {@code S3 Access Policy Status Change}).
 *
 * <p>The S3 Access Policy event's detail ({@code omicsVersion, s3AccessPointArn, storeId, storeType, status}) is
 * EventBridge's published schema; the Workflow Share event's fields beyond {@code status} are not documented anywhere
 * this project could check, so the resource is read from {@code arn}, {@code resourceArn}, {@code workflowArn} or the
 * event's {@code resources}, whichever is there, and the whole detail is kept as JSON.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SecurityEvent(
        String eventId,
        Instant eventTime,
        String account,
        String region,
        String detailType,
        String resourceArn,
        String status,
        String statusMessage,
        String omicsVersion,
        JsonNode detail,
        boolean replay) {

    static final Set<String> DETAIL_TYPES = Set.of(DetailTypes.WORKFLOW_SHARE_STATUS_CHANGE,
            DetailTypes.S3_ACCESS_POLICY_STATUS_CHANGE);

    static SecurityEvent of(EventEnvelope<JsonNode> event) {
        Fields f = new Fields(event.id(), "detail", event.detail());
        String resource = f.optionalText("s3AccessPointArn")
                .or(() -> f.optionalText("resourceArn"))
                .or(() -> f.optionalText("arn"))
                .or(() -> f.optionalText("workflowArn"))
                .or(() -> event.resources().stream().findFirst())
                .orElse(null);
        return new SecurityEvent(event.id(), event.time(), event.account(), event.region(), event.detailType(),
                resource, f.requiredText("status"), f.optionalText("statusMessage").orElse(null),
                f.optionalText("omicsVersion").orElse(null), event.detail(), event.replay());
    }
}
