package io.omicsmonitor.common.events;

/** The HealthOmics EventBridge detail-types the functions handle. */
public final class DetailTypes {

    public static final String RUN_STATUS_CHANGE = "Run Status Change";
    public static final String TASK_STATUS_CHANGE = "Task Status Change";
    public static final String WORKFLOW_STATUS_CHANGE = "Workflow Status Change";
    public static final String READ_SET_IMPORT_JOB_STATUS_CHANGE = "Read Set Import Job Status Change";
    public static final String READ_SET_EXPORT_JOB_STATUS_CHANGE = "Read Set Export Job Status Change";
    public static final String REFERENCE_IMPORT_JOB_STATUS_CHANGE = "Reference Import Job Status Change";
    public static final String WORKFLOW_SHARE_STATUS_CHANGE = "Workflow Share Status Change";
    public static final String S3_ACCESS_POLICY_STATUS_CHANGE = "S3 Access Policy Status Change";

    /** Put on the bus by the run-analyzer (source {@link EventSources#MONITOR}) once a run's analysis is in the lake. */
    public static final String RUN_ANALYSIS_COMPLETED = "Run Analysis Completed";

    private DetailTypes() {
    }
}
