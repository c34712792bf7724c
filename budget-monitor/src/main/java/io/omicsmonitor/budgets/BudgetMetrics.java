package io.omicsmonitor.budgets;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;

/**
 * What budget-monitor publishes, per budget, in the stack's metrics namespace, and the levels template.yaml's two
 * alarms per budget watch. template-checks reads these constants: the alarms must name exactly these.
 */
public final class BudgetMetrics {

    /** Month-to-date estimated spend of the budget's runs, USD (CloudWatch has no currency unit: Unit None). */
    public static final String SPEND = "BudgetSpendUsd";
    /** That spend as a percentage of the budget's monthly amount (Unit Percent): what the alarms watch. */
    public static final String USED_PERCENT = "BudgetUsedPercent";
    /** The budget's name, its entry in MonthlyBudgets before the '=': {@code project:oncology}. */
    public static final String DIMENSION = "Budget";

    /** The warning alarm's threshold on {@link #USED_PERCENT}. */
    public static final int WARNING_PERCENT = 80;
    /** The critical alarm's threshold on {@link #USED_PERCENT}: the budget is spent. */
    public static final int CRITICAL_PERCENT = 100;

    /** The environment variable holding the namespace (the stack's MetricsNamespace), as custom-metrics reads it. */
    public static final String NAMESPACE_VARIABLE = "METRICS_NAMESPACE";

    private BudgetMetrics() {
    }

    /** One budget's month-to-date figures. */
    public record Spend(Budget budget, long runs, double spendUsd) {

        /** In decimal, so that 300.6 of 250.50 is 120, not 120.00000000000001. */
        public double usedPercent() {
            return BigDecimal.valueOf(spendUsd).movePointRight(2).divide(budget.monthlyUsd(), MathContext.DECIMAL64)
                    .doubleValue();
        }
    }

    /** Two points per budget, timestamped {@code at} (the scheduled time, so a retry lands in the same period). */
    static List<MetricDatum> datums(List<Spend> spends, Instant at) {
        List<MetricDatum> datums = new ArrayList<>();
        for (Spend spend : spends) {
            Dimension budget = Dimension.builder().name(DIMENSION).value(spend.budget().name()).build();
            datums.add(MetricDatum.builder().metricName(SPEND).dimensions(budget).value(spend.spendUsd())
                    .unit(StandardUnit.NONE).timestamp(at).build());
            datums.add(MetricDatum.builder().metricName(USED_PERCENT).dimensions(budget).value(spend.usedPercent())
                    .unit(StandardUnit.PERCENT).timestamp(at).build());
        }
        return datums;
    }
}
