package io.omicsmonitor.cli.report;

import java.time.Instant;
import java.util.List;

/** One run of the report: its {@code run_analysis} run row (with the whole-run totals) and its tasks. */
record RunView(String runId, String name, String status, String workflow, String engine, Instant start, Instant stop,
               Double totalEstimatedUsd, Double totalMinimumUsd, Double potentialSavingUsd, Double storageUsd,
               List<String> missingPrices, List<TaskView> tasks) {

    RunView {
        tasks = List.copyOf(tasks);
        missingPrices = List.copyOf(missingPrices);
    }
}
