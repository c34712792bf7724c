package io.omicsmonitor.cli.backfill;

import io.omicsmonitor.cli.AwsFailures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import software.amazon.awssdk.services.omics.OmicsClient;
import software.amazon.awssdk.services.omics.model.GetRunResponse;
import software.amazon.awssdk.services.omics.model.ListRunsRequest;
import software.amazon.awssdk.services.omics.model.RunListItem;
import software.amazon.awssdk.services.omics.model.RunStatus;
import software.amazon.awssdk.services.omics.model.WorkflowListItem;
import software.amazon.awssdk.services.omics.model.WorkflowStatus;
import software.amazon.awssdk.services.omics.model.WorkflowType;
import software.amazon.awssdk.services.omics.model.WorkflowVersionListItem;

/**
 * What there is to replay, from the Omics API's list calls: runs (ListRuns, every page) and workflows (ListWorkflows
 * for PRIVATE and READY2RUN, ListWorkflowVersions of each). Also remembers workflow names, which run events carry
 * and GetRun does not return.
 */
final class Inventory {

    /** ListRuns, ListWorkflows and ListWorkflowVersions accept at most 100 items a page. */
    static final int PAGE_SIZE = 100;

    private final OmicsClient omics;
    private final Map<String, Optional<String>> workflowNames = new ConcurrentHashMap<>();

    Inventory(OmicsClient omics) {
        this.omics = omics;
    }

    /**
     * The runs the filter selects, in ListRuns order. With run ids, GetRun each instead of listing; a run that
     * cannot be read is reported to {@code unreadable} (its id and the reason) and left out.
     */
    List<ReplayItem> runs(RunFilter filter, java.util.function.BiConsumer<String, String> unreadable) {
        List<ReplayItem> runs = new ArrayList<>();
        if (!filter.runIds().isEmpty()) {
            for (String id : filter.runIds()) {
                if (filter.limit() > 0 && runs.size() >= filter.limit()) {
                    break;
                }
                GetRunResponse run;
                try {
                    run = omics.getRun(b -> b.id(id));
                } catch (RuntimeException e) {
                    if (Failures.isFatal(e)) {
                        throw e;
                    }
                    unreadable.accept(id, AwsFailures.reason("GetRun", e));
                    continue;
                }
                if (filter.matches(run.status(), run.creationTime(), run.workflowId())) {
                    runs.add(runItem(run.id(), run.arn(), run.name(), run.status(), run.creationTime(), run.stopTime(),
                            run.workflowId(), run));
                }
            }
            return runs;
        }
        // One status: let the API filter. Several: list them all and filter here (ListRuns takes one status).
        ListRunsRequest.Builder request = ListRunsRequest.builder().maxResults(PAGE_SIZE);
        if (filter.statuses().size() == 1) {
            request.status(filter.statuses().iterator().next());
        }
        for (RunListItem run : omics.listRunsPaginator(request.build()).items()) {
            if (filter.matches(run.status(), run.creationTime(), run.workflowId())) {
                runs.add(runItem(run.id(), run.arn(), run.name(), run.status(), run.creationTime(), run.stopTime(),
                        run.workflowId(), null));
                if (filter.limit() > 0 && runs.size() >= filter.limit()) {
                    break; // the paginator fetches no further page
                }
            }
        }
        return runs;
    }

    /** Every ACTIVE workflow (PRIVATE and READY2RUN) and, after each, its ACTIVE versions. */
    List<ReplayItem> workflows(Consumer<String> warning) {
        List<ReplayItem> items = new ArrayList<>();
        for (WorkflowType type : List.of(WorkflowType.PRIVATE, WorkflowType.READY2_RUN)) {
            for (WorkflowListItem w : omics.listWorkflowsPaginator(b -> b.type(type).maxResults(PAGE_SIZE)).items()) {
                workflowNames.put(w.id(), Optional.ofNullable(w.name()));
                if (w.status() != WorkflowStatus.ACTIVE) {
                    continue;
                }
                items.add(new ReplayItem(ReplayItem.Kind.WORKFLOW, w.id(), w.arn(), w.name(), w.statusAsString(),
                        w.creationTime(), w.id(), type, null, null));
                try {
                    for (WorkflowVersionListItem v : omics.listWorkflowVersionsPaginator(b -> b.workflowId(w.id())
                            .type(type).maxResults(PAGE_SIZE)).items()) {
                        if (v.status() == WorkflowStatus.ACTIVE) {
                            items.add(new ReplayItem(ReplayItem.Kind.WORKFLOW_VERSION, w.id() + "/" + v.versionName(),
                                    w.arn(), w.name(), v.statusAsString(), v.creationTime(), w.id(), type,
                                    v.versionName(), null));
                        }
                    }
                } catch (RuntimeException e) {
                    if (Failures.isFatal(e)) {
                        throw e;
                    }
                    warning.accept("could not list the versions of workflow " + w.id() + ": "
                            + AwsFailures.reason("ListWorkflowVersions", e));
                }
            }
        }
        return items;
    }

    /**
     * The workflow's name, for run events: from the workflow listing, else GetWorkflow (once per workflow). Run
     * events carry it only as information, so a workflow that cannot be read (deleted, shared by another account)
     * leaves it out rather than failing the run.
     */
    String workflowName(GetRunResponse run) {
        if (run.workflowId() == null) {
            return null;
        }
        return workflowNames.computeIfAbsent(run.workflowId(), id -> {
            try {
                return Optional.ofNullable(omics.getWorkflow(b -> {
                    b.id(id);
                    if (run.workflowType() != null) {
                        b.type(run.workflowType());
                    }
                    if (run.workflowOwnerId() != null) {
                        b.workflowOwnerId(run.workflowOwnerId());
                    }
                }).name());
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        }).orElse(null);
    }

    /** GetRun's answer for a listed run: the uuid and output URI the run's event carries. */
    GetRunResponse details(ReplayItem item) {
        return item.run() != null ? item.run() : omics.getRun(b -> b.id(item.id()));
    }

    private static ReplayItem runItem(String id, String arn, String name, RunStatus status, Instant created,
                                      Instant stopped, String workflowId, GetRunResponse run) {
        Instant time = stopped != null ? stopped : created;
        return new ReplayItem(ReplayItem.Kind.RUN, id, arn, name, status.toString(), time, workflowId, null, null, run);
    }
}
