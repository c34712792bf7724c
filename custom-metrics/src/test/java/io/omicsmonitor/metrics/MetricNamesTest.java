package io.omicsmonitor.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omicsmonitor.common.events.EventReader;
import io.omicsmonitor.common.events.RunAnalysisCompleted;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;

/**
 * {@link MetricNames#ALL} and {@link MetricNames#DIMENSIONS} are what template-checks holds the dashboards to, so they
 * must be exactly what this function publishes: every name constant is listed, and an analysis with every figure
 * publishes only listed names, with only the listed dimension sets.
 */
class MetricNamesTest {

    @Test
    void allListsEveryMetricNameConstant() throws IllegalAccessException {
        Set<String> constants = new TreeSet<>();
        for (Field field : MetricNames.class.getDeclaredFields()) {
            int m = field.getModifiers();
            if (Modifier.isStatic(m) && field.getType() == String.class && !field.getName().endsWith("_DIMENSION")) {
                constants.add((String) field.get(null));
            }
        }
        assertEquals(constants, new TreeSet<>(MetricNames.ALL));
        assertEquals(MetricNames.ALL.size(), constants.size(), "no name listed twice");
    }

    @Test
    void anAnalysisPublishesListedNamesWithListedDimensions() {
        EventReader reader = new EventReader(Clock.fixed(Instant.parse("2026-01-01T02:00:00Z"), ZoneOffset.UTC));
        var event = reader.read(CustomMetricsPublisher.PRIMING_ANALYSIS_EVENT.getBytes(StandardCharsets.UTF_8));
        List<MetricDatum> points = RunAnalysisMetrics.of(event.withDetail(RunAnalysisCompleted.from(event)));

        assertEquals(18, points.size(), "nine figures, each without and with the workflow");
        for (MetricDatum point : points) {
            assertTrue(MetricNames.ALL.contains(point.metricName()), point.metricName());
            List<String> dimensions = new ArrayList<>(point.dimensions().stream().map(Dimension::name).toList());
            assertTrue(MetricNames.DIMENSIONS.contains(dimensions), point.metricName() + " " + dimensions);
        }
    }
}
