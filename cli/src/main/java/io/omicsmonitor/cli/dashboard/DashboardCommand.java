package io.omicsmonitor.cli.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.omicsmonitor.cli.AwsOptions;
import io.omicsmonitor.mapper.Json;
import io.omicsmonitor.common.aws.AwsClients;
import io.omicsmonitor.common.events.OmicsArn;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.DashboardInvalidInputErrorException;
import software.amazon.awssdk.services.cloudwatch.model.DashboardNotFoundErrorException;
import software.amazon.awssdk.services.cloudwatch.model.DashboardValidationMessage;
import software.amazon.awssdk.services.cloudwatch.model.PutDashboardResponse;

/**
 * {@code omics-monitor dashboard}: creates, prints or deletes a CloudWatch dashboard of HealthOmics workflows' resource
 * use ({@link UtilizationDashboard}). See docs/cli.md.
 */
@Command(name = "dashboard", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Creates or updates a CloudWatch dashboard of the resource use of HealthOmics workflows, from the per-task "
                + "metrics HealthOmics publishes to CloudWatch (queried with PromQL): one row per workflow, with CPU "
                + "and memory used of each task's limit, filesystem and network I/O, run filesystem and scratch "
                + "storage, each as the average and the 99th percentile over the workflow's tasks.",
            "Exit code: 0 done, 1 CloudWatch rejected the dashboard (its messages are printed), 2 bad usage, or "
                + "stopped (no credentials, no permission, no such dashboard to delete)."},
        footer = {"", "Examples:",
            "  omics-monitor dashboard --workflow-ids 1234567,7654321 --region us-west-2",
            "  omics-monitor dashboard --workflow-ids 1234567 --dry-run > body.json",
            "  omics-monitor dashboard --delete --name omics-monitor-workflow-utilization --profile ops"})
public final class DashboardCommand implements Callable<Integer> {

    public static final String DEFAULT_NAME = "omics-monitor-workflow-utilization";

    /** CloudWatch's rule for dashboard names (PutDashboard, DashboardName). */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,255}");

    @Spec
    CommandSpec spec;

    @Option(names = "--workflow-ids", paramLabel = "ID", split = ",", description = "The HealthOmics workflow "
            + "ids to chart, one row each, in this order (at most " + UtilizationDashboard.MAX_WORKFLOWS + ").")
    List<String> workflowIds = new ArrayList<>();

    @Option(names = "--name", paramLabel = "NAME", description = "The dashboard's name (default: ${DEFAULT-VALUE}); "
            + "an existing dashboard of that name is replaced.", defaultValue = DEFAULT_NAME)
    String name;

    @Option(names = "--dry-run", description = "Print the dashboard body (JSON) instead of creating the dashboard; "
            + "calls nothing.")
    boolean dryRun;

    @Option(names = "--delete", description = "Delete the dashboard --name instead (no --workflow-ids).")
    boolean delete;

    @Mixin
    AwsOptions aws;

    private final AwsOptions.ClientFactory clients;
    private final Map<String, String> environment;

    /** The command line's wiring: the user's environment and credentials. */
    public DashboardCommand() {
        this(AwsOptions.USER_CREDENTIALS,
                System.getenv());
    }

    DashboardCommand(AwsOptions.ClientFactory clients, Map<String, String> environment) {
        this.clients = clients;
        this.environment = environment;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<String> workflows = validate();
        Region region = aws.region(environment).orElseThrow(() ->
                usage("no AWS region: pass --region (e.g. --region us-west-2) or set AWS_REGION; the metrics are "
                        + "regional, and so is the dashboard"));

        if (dryRun) {
            out.println(json(UtilizationDashboard.body(region.id(), workflows), true));
            out.flush();
            return 0;
        }
        AwsClients awsClients = aws.clients(clients, region, environment, "cloudwatch");
        try (CloudWatchClient cloudWatch = awsClients.configure(CloudWatchClient.builder(), "cloudwatch")) {
            return delete ? delete(cloudWatch, region, out, err) : put(cloudWatch, region, workflows, out, err);
        }
    }

    private int put(CloudWatchClient cloudWatch, Region region, List<String> workflows, PrintWriter out,
                    PrintWriter err) {
        String body = json(UtilizationDashboard.body(region.id(), workflows), false);
        PutDashboardResponse response;
        try {
            response = cloudWatch.putDashboard(b -> b.dashboardName(name).dashboardBody(body));
        } catch (DashboardInvalidInputErrorException e) {
            Rejection rejection = Rejection.of(message(e));
            err.println("error: CloudWatch rejected the dashboard " + name + ": " + rejection.headline());
            printMessages(err, e.hasDashboardValidationMessages() && !e.dashboardValidationMessages().isEmpty()
                    ? e.dashboardValidationMessages() : rejection.messages());
            err.println("Nothing was created or changed. `--dry-run` prints the body that was sent.");
            err.flush();
            return 1;
        } catch (SdkException e) {
            return stopped(err, "PutDashboard", e, region);
        }
        if (response.hasDashboardValidationMessages() && !response.dashboardValidationMessages().isEmpty()) {
            err.println("CloudWatch saved the dashboard with warnings (some widgets may not render):");
            printMessages(err, response.dashboardValidationMessages());
        }
        out.printf("dashboard %s: %d workflow%s (%s) in %s%n", name, workflows.size(), workflows.size() == 1 ? "" : "s",
                String.join(", ", workflows), region.id());
        out.printf("https://%s.console.aws.amazon.com/cloudwatch/home?region=%s#dashboards/dashboard/%s%n",
                region.id(), region.id(), name);
        out.flush();
        err.flush();
        return 0;
    }

    private int delete(CloudWatchClient cloudWatch, Region region, PrintWriter out, PrintWriter err) {
        try {
            cloudWatch.deleteDashboards(b -> b.dashboardNames(name));
        } catch (DashboardNotFoundErrorException e) {
            err.println("error: no dashboard " + name + " in " + region.id() + " (" + message(e) + "); nothing "
                    + "deleted. Check --name and --region.");
            err.flush();
            return 2;
        } catch (SdkException e) {
            return stopped(err, "DeleteDashboards", e, region);
        }
        out.printf("deleted dashboard %s in %s%n", name, region.id());
        out.flush();
        return 0;
    }

    private int stopped(PrintWriter err, String call, SdkException e, Region region) {
        String reason = e instanceof AwsServiceException aws && aws.awsErrorDetails() != null
                ? aws.awsErrorDetails().errorCode() + ": " + message(aws)
                : String.valueOf(e.getMessage());
        err.println("error: " + call + " failed in " + region.id() + ": " + reason + "; check --region, --profile and "
                + "that the credentials allow cloudwatch:" + call);
        err.flush();
        return 2;
    }

    private static String message(AwsServiceException e) {
        return e.awsErrorDetails() != null && e.awsErrorDetails().errorMessage() != null
                ? e.awsErrorDetails().errorMessage() : e.getMessage();
    }

    /**
     * CloudWatch's answer to a body it rejects: {@code InvalidParameterInput} whose message is a sentence and the
     * validation errors as a JSON list, {@code The dashboard body is invalid, there are 2 validation errors: [{"dataPath":
     * "/widgets/0/properties/metrics/0", "message": "Should be array"}, ...]} (as CloudWatch answers the AWS CLI and
     * the SDKs); a message without such a list is shown as it is.
     */
    record Rejection(String headline, List<DashboardValidationMessage> messages) {
        static Rejection of(String message) {
            int list = message.indexOf('[');
            if (list < 0) {
                return new Rejection(message, List.of());
            }
            try {
                JsonNode errors = Json.MAPPER.readTree(message.substring(list));
                List<DashboardValidationMessage> messages = new ArrayList<>();
                for (JsonNode error : errors) {
                    messages.add(DashboardValidationMessage.builder().dataPath(error.path("dataPath").asText(null))
                            .message(error.path("message").asText()).build());
                }
                return new Rejection(message.substring(0, list).strip(), messages);
            } catch (JsonProcessingException e) {
                return new Rejection(message, List.of());
            }
        }
    }

    /** Each message as CloudWatch gives it: where in the body (a JSON path, when it has one), and what. */
    private static void printMessages(PrintWriter err, List<DashboardValidationMessage> messages) {
        for (DashboardValidationMessage m : messages) {
            err.println("  " + (m.dataPath() == null || m.dataPath().isEmpty() ? "(body)" : m.dataPath()) + ": "
                    + m.message());
        }
    }

    private List<String> validate() {
        if (!NAME.matcher(name).matches()) {
            throw usage("--name '" + name + "' is not a dashboard name: letters, digits, '-' and '_', at most 255");
        }
        if (delete) {
            if (!workflowIds.isEmpty() || dryRun) {
                throw usage("--delete deletes the dashboard --name: pass neither --workflow-ids nor --dry-run with it");
            }
            return List.of();
        }
        List<String> workflows = new ArrayList<>(new LinkedHashSet<>(workflowIds.stream().map(String::trim)
                .filter(id -> !id.isEmpty()).toList()));
        if (workflows.isEmpty()) {
            throw usage("pass --workflow-ids ID[,ID...] (HealthOmics workflow ids, e.g. --workflow-ids 1234567), "
                    + "or --delete");
        }
        for (String id : workflows) {
            if (!OmicsArn.NUMERIC_ID.matcher(id).matches()) {
                throw usage("--workflow-ids: '" + id + "' is not a HealthOmics workflow id (digits, e.g. 1234567)");
            }
        }
        if (workflows.size() > UtilizationDashboard.MAX_WORKFLOWS) {
            throw usage("--workflow-ids: " + workflows.size() + " workflows, but one dashboard holds at most "
                    + UtilizationDashboard.MAX_WORKFLOWS + " (" + UtilizationDashboard.MAX_WIDGETS
                    + " widgets, CloudWatch's limit); make several dashboards with --name");
        }
        return workflows;
    }

    static String json(JsonNode body, boolean pretty) {
        try {
            return pretty ? Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(body).replace("\r\n", "\n")
                    : Json.MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e); // a tree of strings and numbers always writes
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
