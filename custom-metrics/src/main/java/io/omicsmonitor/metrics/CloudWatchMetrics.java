package io.omicsmonitor.metrics;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import io.omicsmonitor.common.Env;
import io.omicsmonitor.common.lambda.SnapStartPriming;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;

/**
 * Sends data points to one CloudWatch namespace with as few {@code PutMetricData} calls as the API allows: all of an
 * invocation's points in one call, split only above the API's limit of {@value #MAX_DATUMS_PER_CALL} points a call
 * (an event yields at most a few dozen). The SDK gzips large request bodies itself, which keeps a full call under the
 * API's 1 MB limit.
 */
final class CloudWatchMetrics {

    static final int MAX_DATUMS_PER_CALL = 1000;

    /** CloudWatch's rule for namespaces; {@code AWS/} is reserved for AWS's own. */
    private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9._/#: -]{1,255}");

    private final CloudWatchClient cloudWatch;
    private final String namespace;

    CloudWatchMetrics(CloudWatchClient cloudWatch, String namespace) {
        this.cloudWatch = Objects.requireNonNull(cloudWatch);
        if (!NAMESPACE.matcher(namespace).matches() || namespace.startsWith("AWS/")) {
            throw new Env.ConfigurationException("metrics namespace '" + namespace + "' is not valid: letters, digits, "
                    + "'.', '_', '/', '#', ':', '-' or spaces, at most 255, not starting with AWS/");
        }
        this.namespace = namespace;
    }

    String namespace() {
        return namespace;
    }

    /** Returns the number of calls made. A failed call fails the invocation (after the SDK's own retries). */
    int put(List<MetricDatum> datums) {
        int calls = 0;
        for (int from = 0; from < datums.size(); from += MAX_DATUMS_PER_CALL) {
            List<MetricDatum> batch = datums.subList(from, Math.min(datums.size(), from + MAX_DATUMS_PER_CALL));
            cloudWatch.putMetricData(b -> b.namespace(namespace).metricData(batch));
            calls++;
        }
        return calls;
    }

    /** SnapStart priming: the PutMetricData call of {@link #put}, for one batch, marshalled and signed but not sent. */
    void prime(List<MetricDatum> datums) {
        SnapStartPriming.dryRun("cloudwatch:PutMetricData", () -> cloudWatch.putMetricData(b -> b.namespace(namespace)
                .metricData(datums).overrideConfiguration(SnapStartPriming.DRY_RUN)));
    }
}
