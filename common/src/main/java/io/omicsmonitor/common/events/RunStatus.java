package io.omicsmonitor.common.events;

import java.util.EnumSet;
import java.util.Set;

/** A run's (or a task's) status as HealthOmics reports it. Tasks are never DELETED. */
public enum RunStatus {
    PENDING, STARTING, RUNNING, STOPPING, COMPLETED, DELETED, CANCELLED, FAILED;

    /** The statuses after which a run's manifest is written and its record is final. */
    public static final Set<RunStatus> TERMINAL = EnumSet.of(COMPLETED, CANCELLED, FAILED);

    public boolean terminal() {
        return TERMINAL.contains(this);
    }
}
