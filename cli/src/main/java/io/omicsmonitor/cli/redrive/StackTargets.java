package io.omicsmonitor.cli.redrive;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.StackResourceSummary;

/**
 * A function's dead-letter queue and invoke target, found in the deployed stack's resources (ListStackResources):
 * in template.yaml each function {@code <Name>Function} has the queue {@code <Name>DeadLetterQueue} (its rules'
 * DeadLetterConfig and its OnFailure destination), and SAM's {@code AutoPublishAlias: live} makes the alias
 * {@code <Name>FunctionAliaslive}, which the rules invoke.
 */
final class StackTargets {

    /** The queue to read and the function to invoke (the {@code live} alias's ARN when the stack has it). */
    record Target(String logicalId, String queueUrl, String function) {
    }

    private StackTargets() {
    }

    /** @param function a logical id ({@code StatusEventRecorderFunction}) or its short name ({@code status-event-recorder}) */
    static Target find(CloudFormationClient cloudFormation, String stack, String function) {
        Map<String, StackResourceSummary> resources = new TreeMap<>();
        cloudFormation.listStackResourcesPaginator(r -> r.stackName(stack)).stackResourceSummaries()
                .forEach(s -> resources.put(s.logicalResourceId(), s));
        List<String> functions = new ArrayList<>();
        resources.forEach((id, s) -> {
            if (s.resourceType().equals("AWS::Lambda::Function") && id.endsWith("Function")
                    && resources.containsKey(id.substring(0, id.length() - "Function".length()) + "DeadLetterQueue")) {
                functions.add(id + " (" + shortName(id) + ")");
            }
        });
        if (function == null) {
            throw new IllegalArgumentException("--stack needs --function, one of the stack's functions with a dead-letter "
                    + "queue: " + String.join(", ", functions));
        }
        String logicalId = logicalId(function);
        String base = logicalId.substring(0, logicalId.length() - "Function".length());
        StackResourceSummary fn = resources.get(logicalId);
        StackResourceSummary queue = resources.get(base + "DeadLetterQueue");
        if (fn == null || queue == null) {
            throw new IllegalArgumentException("the stack " + stack + " has no function " + logicalId
                    + " with a dead-letter queue " + base + "DeadLetterQueue; its functions: " + String.join(", ", functions));
        }
        StackResourceSummary alias = resources.get(logicalId + "Aliaslive");
        String target = alias != null && alias.physicalResourceId() != null ? alias.physicalResourceId()
                : fn.physicalResourceId();
        return new Target(logicalId, queue.physicalResourceId(), target);
    }

    static String logicalId(String function) {
        if (!function.contains("-") && Character.isUpperCase(function.charAt(0))) {
            return function.endsWith("Function") ? function : function + "Function";
        }
        StringBuilder id = new StringBuilder();
        for (String part : function.toLowerCase(Locale.ROOT).split("-")) {
            if (!part.isEmpty()) {
                id.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return id.append("Function").toString();
    }

    static String shortName(String logicalId) {
        String base = logicalId.endsWith("Function") ? logicalId.substring(0, logicalId.length() - 8) : logicalId;
        return base.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
