package io.omicsmonitor.budgets;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One monthly budget: the runs it covers (those with a tag's value, or those of one workflow) and what they may cost
 * in a calendar month (UTC), in USD of estimated cost.
 *
 * @param name       the entry without its amount, {@code project:oncology} or {@code workflow:1234567}: the value of
 *                   the metrics' {@code Budget} dimension, and what the alarms name
 * @param tagKey     the run tag's key, or null for a workflow budget
 * @param tagValue   the run tag's value, or null for a workflow budget
 * @param workflowId the HealthOmics workflow id, or null for a tag budget
 */
public record Budget(String name, String tagKey, String tagValue, String workflowId, BigDecimal monthlyUsd) {

    public Budget {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(monthlyUsd, "monthlyUsd");
        if ((workflowId == null) == (tagKey == null || tagValue == null)) {
            throw new IllegalArgumentException(name + ": a budget is by a tag's key and value, or by a workflow id");
        }
    }

    public boolean byWorkflow() {
        return workflowId != null;
    }
}
