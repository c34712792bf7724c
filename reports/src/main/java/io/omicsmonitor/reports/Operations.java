package io.omicsmonitor.reports;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the daily operations report says about the stack itself, from CloudWatch rather than the lake: each function's
 * errors on the day (AWS/Lambda Errors, sum) and each dead-letter queue's depth (AWS/SQS
 * ApproximateNumberOfMessagesVisible, the most messages waiting at once that day). Where CloudWatch is not there (the
 * CLI's local reports) the report says so, with why, rather than showing numbers nobody measured.
 *
 * @param functions   errors by function, in the stack's order; empty when {@link #unavailable} is set
 * @param queues      depth by dead-letter queue, in the stack's order; empty when {@link #unavailable} is set
 * @param unavailable why there are no figures, or null when there are
 */
public record Operations(List<Figure> functions, List<Figure> queues, String unavailable) {

    /** What the CLI's local reports carry: a local lake has no CloudWatch. */
    public static final Operations NOT_AVAILABLE_LOCALLY = new Operations(List.of(), List.of(),
            "not available locally (CloudWatch metrics of the deployed stack)");

    /**
     * One figure of the day.
     *
     * @param label    the function's or queue's name in the stack (report-generator, its dead-letter queue, ...)
     * @param resource the name CloudWatch knows it by (the function's or queue's physical name)
     * @param value    the day's figure; 0 when CloudWatch has no data point (a function not invoked, an empty queue)
     */
    public record Figure(String label, String resource, long value) {
        public Figure {
            Objects.requireNonNull(label);
            Objects.requireNonNull(resource);
        }
    }

    public Operations {
        functions = List.copyOf(functions);
        queues = List.copyOf(queues);
    }

    public static Operations measured(List<Figure> functions, List<Figure> queues) {
        return new Operations(functions, queues, null);
    }

    public boolean available() {
        return unavailable == null;
    }

    /** The summary's line: totals, and what had errors or messages waiting, by name. */
    public String summary() {
        if (!available()) {
            return "Functions' errors and dead-letter queues: " + unavailable + ".";
        }
        long errors = functions.stream().mapToLong(Figure::value).sum();
        List<String> queued = nonZero(queues);
        return "Functions: " + (errors == 0 ? "no errors" : errors + " error(s) (" + String.join(", ", nonZero(functions))
                + ")") + "; dead-letter queues: " + (queued.isEmpty() ? "empty" : "messages waiting ("
                + String.join(", ", queued) + ")") + ".";
    }

    private static List<String> nonZero(List<Figure> figures) {
        List<String> named = new ArrayList<>();
        figures.stream().filter(f -> f.value() > 0).forEach(f -> named.add(f.label() + " " + f.value()));
        return named;
    }
}
