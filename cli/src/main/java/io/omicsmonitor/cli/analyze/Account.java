package io.omicsmonitor.cli.analyze;

import io.omicsmonitor.cli.AwsOptions;
import io.omicsmonitor.cli.UserError;
import io.omicsmonitor.common.aws.AwsClients;
import io.omicsmonitor.manifest.logs.ManifestLogReader;
import io.omicsmonitor.pricelist.PriceListPriceBook;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.omics.OmicsClient;

/**
 * The AWS account {@code analyze} reads, as {@code --region}, {@code --profile} and {@code --endpoint-url} (or the
 * environment) name it: HealthOmics and CloudWatch Logs in that region, the Price List API in us-east-1 whatever the
 * region (the prices that apply are the run ARN's region's, as upstream).
 */
final class Account {

    private final AwsClients aws;

    private Account(AwsClients aws) {
        this.aws = aws;
    }

    /**
     * @param runs       the runs named on the command line: with no region configured, their ARNs' region (one) is
     *                   used; a configured region that differs from an ARN's is an error
     * @param pricesOnly only the Price List API will be called (a saved manifest with --price-list): no region needed
     */
    static Account connect(AwsOptions options, AwsOptions.ClientFactory factory, Map<String, String> environment,
                           List<RunRef> runs, boolean pricesOnly) {
        List<String> arnRegions = runs.stream().map(RunRef::region).filter(Objects::nonNull).distinct().toList();
        Optional<Region> configured = options.region(environment);
        Region region;
        if (configured.isPresent()) {
            region = configured.get();
            for (String arnRegion : arnRegions) {
                if (!arnRegion.equals(region.id())) {
                    throw new UserError("the run ARN names " + arnRegion + " but the region is " + region.id()
                            + " (--region, AWS_REGION or the profile): pass --region " + arnRegion);
                }
            }
        } else if (arnRegions.size() == 1) {
            region = Region.of(arnRegions.get(0));
        } else if (pricesOnly) {
            region = PriceListPriceBook.PRICE_LIST_REGION; // the Price List API's own: no other service is called
        } else {
            throw new UserError("no AWS region: pass --region (e.g. --region us-west-2) or set AWS_REGION");
        }
        return new Account(options.clients(factory, region, environment, "omics", "cloudwatch_logs", "pricing"));
    }

    String region() {
        return aws.region().id();
    }

    /** HealthOmics' runs, and their manifests in its own log group, {@code /aws/omics/WorkflowLog}. */
    LiveRuns runs() {
        return new LiveRuns(aws.configure(OmicsClient.builder(), "omics"),
                new ManifestLogReader(aws.configure(CloudWatchLogsClient.builder(), "cloudwatch_logs"),
                        ManifestLogReader.DEFAULT_LOG_GROUP), region());
    }

    /** The Price List API's prices, once it has said that it lists HealthOmics (as upstream checks first). */
    PriceListPriceBook prices() {
        PriceListPriceBook book = new PriceListPriceBook(PriceListPriceBook.client(aws));
        try {
            LiveRuns.call("pricing:DescribeServices", () -> {
                book.requireService();
                return null;
            });
        } catch (IllegalStateException e) {
            throw new UserError(e.getMessage() + "; give --prices FILE to price offline");
        }
        return book;
    }
}
