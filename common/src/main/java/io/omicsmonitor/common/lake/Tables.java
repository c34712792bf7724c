package io.omicsmonitor.common.lake;

/**
 * The lake's tables. Each is one prefix under the lake prefix, which the Glue crawler turns into one table of the
 * same name; every column in every table is snake_case, the one convention Glue keeps as written.
 */
public final class Tables {

    public static final String RUN_STATUS_EVENTS = "run_status_events";
    public static final String TASK_STATUS_EVENTS = "task_status_events";
    public static final String WORKFLOWS = "workflows";
    public static final String WORKFLOW_VERSIONS = "workflow_versions";
    public static final String RUNS = "runs";
    public static final String TASKS = "tasks";
    public static final String RUN_ANALYSIS = "run_analysis";
    public static final String WORKFLOW_STATUS_EVENTS = "workflow_status_events";
    public static final String SECURITY_EVENTS = "security_events";

    private Tables() {
    }
}
