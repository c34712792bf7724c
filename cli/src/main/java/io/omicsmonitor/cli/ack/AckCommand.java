package io.omicsmonitor.cli.ack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omicsmonitor.mapper.Json;
import io.omicsmonitor.cli.AwsOptions;
import io.omicsmonitor.common.aws.AwsClients;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.StackResourceSummary;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/**
 * {@code omics-monitor ack ALERT_ID}: acknowledges an alert, so that it is not escalated (issue 16). Invokes the stack's
 * ack function (its {@code live} alias) and prints what it answered. See docs/cli.md.
 */
@Command(name = "ack", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Acknowledges a critical or warning alert: it will not be sent again to the critical topic as an "
                + "escalation. The alert's text gives the exact command, its id included (an alarm's id is its name).",
            "Exit code: 0 acknowledged (now, or already before: the output says by whom and when), 1 no such alert "
                + "(a wrong id, or older than 30 days), 2 bad usage or the call failed (no credentials, no permission, "
                + "no such stack or function)."},
        footer = {"", "Examples:",
            "  omics-monitor ack 3d4e5f60-7182-93a4-b5c6-d7e8f90a1b23 --stack omics-monitor --region us-west-2",
            "  omics-monitor ack omics-monitor-StatusEventRecorderErrorsAlarm-1Q2W3E4R5T6Y --stack omics-monitor --by jane",
            "  omics-monitor ack 3d4e5f60-7182-93a4-b5c6-d7e8f90a1b23 --function omics-monitor-AlertAckFunction-AbC:live"})
public final class AckCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ALERT_ID", description = "The alert's id, as its text gives it.")
    String alertId;

    @Option(names = "--stack", paramLabel = "NAME", description = "The deployed stack: finds its ack function "
            + "(AlertAckFunction's live alias).")
    String stack;

    @Option(names = "--function", paramLabel = "NAME:live|ARN", description = "The ack function to invoke, instead of "
            + "--stack.")
    String function;

    @Option(names = "--by", paramLabel = "WHO", description = "Who acknowledges, as the record and a second "
            + "acknowledgement will say (default: USER).")
    String by;

    @Mixin
    AwsOptions awsOptions;

    private final AwsOptions.ClientFactory clients;
    private final Map<String, String> environment;

    /** The command line's wiring: the user's environment and credentials. */
    public AckCommand() {
        this(AwsOptions.USER_CREDENTIALS,
                System.getenv());
    }

    AckCommand(AwsOptions.ClientFactory clients, Map<String, String> environment) {
        this.clients = clients;
        this.environment = environment;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if ((stack == null) == (function == null)) {
            throw usage("pass --stack (the deployed stack) or --function (the ack function, NAME:live), one of them");
        }
        AwsClients aws = awsOptions.clients(clients, region(), environment, "lambda", "cloudformation");
        String target = function;
        if (stack != null) {
            try (CloudFormationClient cloudFormation = aws.configure(CloudFormationClient.builder(), "cloudformation")) {
                target = ackFunction(cloudFormation, stack);
            } catch (SdkException e) {
                err.println("error: reading the stack " + stack + " failed: " + e.getMessage()
                        + "; check --stack, --region and that the credentials allow cloudformation:ListStackResources");
                return 2;
            }
            if (target == null) {
                err.println("error: the stack " + stack + " has no AlertAckFunction (deployed before issue 16?)");
                return 2;
            }
        }
        ObjectNode request = Json.MAPPER.createObjectNode().put("alertId", alertId);
        Optional.ofNullable(by).or(() -> Optional.ofNullable(environment.get("USER"))).filter(b -> !b.isBlank())
                .ifPresent(b -> request.put("by", b));
        InvokeResponse response;
        final String invoked = target;
        try (LambdaClient lambda = aws.configure(LambdaClient.builder(), "lambda")) {
            response = lambda.invoke(b -> b.functionName(invoked).invocationType(InvocationType.REQUEST_RESPONSE)
                    .payload(SdkBytes.fromUtf8String(request.toString())));
        } catch (SdkException e) {
            err.println("error: invoking " + invoked + " failed: " + e.getMessage()
                    + "; the credentials need lambda:InvokeFunction on it");
            return 2;
        }
        String payload = response.payload() == null ? "" : response.payload().asString(StandardCharsets.UTF_8);
        JsonNode answer;
        try {
            answer = Json.MAPPER.readTree(payload);
        } catch (IOException e) {
            err.println("error: " + invoked + " answered what is not JSON: " + payload);
            return 2;
        }
        if (response.functionError() != null) {
            err.println("error: " + answer.path("errorMessage").asText(payload));
            return 2;
        }
        out.println(answer.path("message").asText());
        out.flush();
        return "unknown alert".equals(answer.path("outcome").asText()) ? 1 : 0;
    }

    /** The ack function's live alias in the stack (SAM's {@code AlertAckFunctionAliaslive}), else the function. */
    static String ackFunction(CloudFormationClient cloudFormation, String stack) {
        Map<String, String> found = new HashMap<>();
        cloudFormation.listStackResourcesPaginator(r -> r.stackName(stack)).stackResourceSummaries().stream()
                .filter(s -> s.logicalResourceId().startsWith("AlertAckFunction"))
                .forEach(s -> found.put(s.logicalResourceId(), physical(s)));
        if (found.containsKey("AlertAckFunctionAliaslive")) {
            return found.get("AlertAckFunctionAliaslive");
        }
        return found.containsKey("AlertAckFunction") ? found.get("AlertAckFunction") + ":live" : null;
    }

    private static String physical(StackResourceSummary s) {
        return s.physicalResourceId();
    }

    private Region region() {
        return awsOptions.region(environment).orElseThrow(() ->
                usage("no AWS region: pass --region (e.g. --region us-west-2) or set AWS_REGION"));
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
