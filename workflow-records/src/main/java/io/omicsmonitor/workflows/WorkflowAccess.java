package io.omicsmonitor.workflows;

import io.omicsmonitor.common.events.EventEnvelope;
import io.omicsmonitor.common.events.WorkflowStatusChange;
import software.amazon.awssdk.services.omics.model.WorkflowType;

/**
 * How GetWorkflow and GetWorkflowVersion must name a workflow, read from its ARN. Without the right {@code type} a
 * READY2RUN workflow is "not found"; without {@code workflowOwnerId} so is a workflow shared from another account.
 *
 * <ul>
 *   <li>no account in the ARN ({@code arn:aws:omics:us-west-2::workflow/9500764}): AWS owns it, READY2RUN;</li>
 *   <li>the event's own account: PRIVATE, no owner id (the API wants none from the owner);</li>
 *   <li>another account: PRIVATE, shared with this one, owner id = that account.</li>
 * </ul>
 *
 * @param ownerId the owner's account when the workflow is shared with this account, else null
 */
record WorkflowAccess(WorkflowType type, String ownerId) {

    static WorkflowAccess of(EventEnvelope<WorkflowStatusChange> event) {
        String owner = event.detail().ownerAccount();
        if (owner.isEmpty()) {
            return new WorkflowAccess(WorkflowType.READY2_RUN, null);
        }
        // An event without an account is taken as this account's own: the owner id is only ever needed for shares.
        boolean shared = event.account() != null && !owner.equals(event.account());
        return new WorkflowAccess(WorkflowType.PRIVATE, shared ? owner : null);
    }
}
