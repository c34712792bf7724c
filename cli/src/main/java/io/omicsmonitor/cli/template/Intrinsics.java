package io.omicsmonitor.cli.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves CloudFormation values ({@code Ref}, {@code Fn::Sub}, {@code Fn::GetAtt}, {@code Fn::Join}, {@code Fn::If},
 * ...) to strings without a deployed stack.
 *
 * <p>Locally ({@link #local}) every resource gets a stand-in that has the real shape: a bucket a valid bucket name, a
 * topic an SNS topic ARN in the local account and region, and so on; the embedded endpoints accept them all.
 * Against AWS ({@link #aws}) only what the template itself fixes resolves (literals, parameter defaults, the region);
 * a value that names a deployed resource is {@link Unresolvable} and must be given by the user.
 */
public final class Intrinsics {

    /** The account and stack name local stand-ins use; the account is the sample events' account. */
    public static final String LOCAL_ACCOUNT = "123456789012";
    public static final String LOCAL_STACK = "omics-monitor";

    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]*)}");

    private final JsonNode template;
    private final boolean local;
    private final String region;
    private final String account;
    private final Map<String, Boolean> conditions = new HashMap<>();

    private Intrinsics(JsonNode template, boolean local, String region, String account) {
        this.template = template;
        this.local = local;
        this.region = region;
        this.account = account;
    }

    public static Intrinsics local(JsonNode template, String region) {
        return new Intrinsics(template, true, region, LOCAL_ACCOUNT);
    }

    /** Local stand-ins, but {@code AWS::AccountId} is {@code account}: the stack's rules as they run in that account. */
    public static Intrinsics local(JsonNode template, String region, String account) {
        return new Intrinsics(template, true, region, account);
    }

    public static Intrinsics aws(JsonNode template, String region) {
        return new Intrinsics(template, false, region, LOCAL_ACCOUNT);
    }

    /** A value that cannot be known without the deployed stack; says what it refers to. */
    public static final class Unresolvable extends RuntimeException {
        Unresolvable(String message) {
            super(message);
        }
    }

    /** The value as a string, or empty for {@code AWS::NoValue} (the property is then left out). */
    public Optional<String> resolve(JsonNode value) {
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (value.isValueNode()) {
            return Optional.of(value.asText());
        }
        if (value.isObject() && value.size() == 1) {
            String function = value.fieldNames().next();
            JsonNode argument = value.get(function);
            return switch (function) {
                case "Ref" -> ref(argument.asText());
                case "Fn::Sub" -> Optional.of(sub(argument));
                case "Fn::GetAtt" -> Optional.of(getAtt(argument.get(0).asText(),
                        argument.size() > 1 ? argument.get(1).asText() : ""));
                case "Fn::Join" -> Optional.of(String.join(argument.get(0).asText(), list(argument.get(1))));
                case "Fn::Select" -> Optional.of(list(argument.get(1)).get(Integer.parseInt(string(argument.get(0)))));
                case "Fn::If" -> resolve(condition(argument.get(0).asText()) ? argument.get(1) : argument.get(2));
                case "Fn::FindInMap" -> resolve(template.path("Mappings").path(string(argument.get(0)))
                        .path(string(argument.get(1))).path(string(argument.get(2))));
                case "Fn::ImportValue" -> throw new Unresolvable("an export of another stack (" + argument + ")");
                default -> throw new Unresolvable("the intrinsic function " + function + " (not evaluated locally)");
            };
        }
        throw new Unresolvable("a " + (value.isArray() ? "list" : "structured") + " value " + value);
    }

    /**
     * A JSON value with every intrinsic function in it resolved to its string, such as an EventBridge pattern's
     * {@code account: [!Ref AWS::AccountId]}; objects that are not intrinsic functions (pattern operators such as
     * {@code {prefix: x}}) are kept and resolved inside.
     */
    public JsonNode resolveTree(JsonNode value) {
        if (value == null || value.isValueNode()) {
            return value;
        }
        if (value.isArray()) {
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            value.forEach(item -> {
                if (!isIntrinsic(item) || resolve(item).isPresent()) {
                    array.add(resolveTree(item));
                }
            });
            return array;
        }
        if (isIntrinsic(value)) {
            return JsonNodeFactory.instance.textNode(resolve(value).orElse(""));
        }
        ObjectNode object = JsonNodeFactory.instance.objectNode();
        value.properties().forEach(e -> object.set(e.getKey(), resolveTree(e.getValue())));
        return object;
    }

    private static boolean isIntrinsic(JsonNode value) {
        if (!value.isObject() || value.size() != 1) {
            return false;
        }
        String name = value.fieldNames().next();
        return name.equals("Ref") || name.startsWith("Fn::");
    }

    /** The name of an event bus given by name or ARN; the default bus when none is given. */
    public static String busName(String nameOrArn) {
        if (nameOrArn == null || nameOrArn.isEmpty()) {
            return "default";
        }
        int slash = nameOrArn.indexOf(":event-bus/");
        return slash < 0 ? nameOrArn : nameOrArn.substring(slash + ":event-bus/".length());
    }

    private String string(JsonNode value) {
        return resolve(value).orElse("");
    }

    private List<String> list(JsonNode value) {
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            value.forEach(item -> resolve(item).ifPresent(items::add));
            return items;
        }
        if (value.has("Fn::Split")) {
            JsonNode split = value.get("Fn::Split");
            return List.of(string(split.get(1)).split(Pattern.quote(split.get(0).asText()), -1));
        }
        return List.of(string(value).split(",", -1));
    }

    private Optional<String> ref(String name) {
        switch (name) {
            case "AWS::NoValue":
                return Optional.empty();
            case "AWS::Region":
                return Optional.of(region);
            case "AWS::Partition":
                return Optional.of("aws");
            case "AWS::URLSuffix":
                return Optional.of("amazonaws.com");
            case "AWS::AccountId":
                return Optional.of(localOnly(account, "the account id"));
            case "AWS::StackName":
                return Optional.of(localOnly(LOCAL_STACK, "the stack name"));
            default:
                break;
        }
        JsonNode parameter = template.path("Parameters").path(name);
        if (!parameter.isMissingNode()) {
            if (parameter.has("Default")) {
                return Optional.of(parameter.get("Default").asText());
            }
            return Optional.of(localOnly("local-" + kebab(name), "parameter " + name + ", which has no default"));
        }
        JsonNode resource = resource(name);
        localOnly("", "the deployed resource " + name + " (" + resource.path("Type").asText() + ")");
        return Optional.of(standInRef(name, resource));
    }

    private String getAtt(String name, String attribute) {
        JsonNode resource = resource(name);
        localOnly("", "the deployed resource " + name + "." + attribute);
        String type = resource.path("Type").asText();
        String id = standInName(name, resource);
        String value = switch (attribute) {
            case "Arn" -> arn(type, id);
            case "QueueUrl" -> "https://sqs." + region + ".amazonaws.com/" + LOCAL_ACCOUNT + "/" + id;
            case "DomainName", "RegionalDomainName" -> id + ".s3." + region + ".amazonaws.com";
            default -> id;
        };
        return value;
    }

    private String sub(JsonNode argument) {
        String text = argument.isArray() ? argument.get(0).asText() : argument.asText();
        JsonNode variables = argument.isArray() && argument.size() > 1 ? argument.get(1) : null;
        Matcher m = SUB_VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String variable = m.group(1);
            String replacement;
            if (variable.startsWith("!")) {
                replacement = "${" + variable.substring(1) + "}";
            } else if (variables != null && variables.has(variable)) {
                replacement = string(variables.get(variable));
            } else if (variable.contains(".") && !variable.startsWith("AWS::")) {
                String[] parts = variable.split("\\.", 2);
                replacement = getAtt(parts[0], parts[1]);
            } else {
                replacement = ref(variable).orElse("");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private boolean condition(String name) {
        Boolean known = conditions.get(name);
        if (known == null) {
            JsonNode definition = template.path("Conditions").path(name);
            if (definition.isMissingNode()) {
                throw new Unresolvable("condition " + name + " (not in the template's Conditions)");
            }
            known = evaluate(definition);
            conditions.put(name, known);
        }
        return known;
    }

    private boolean evaluate(JsonNode node) {
        String function = node.fieldNames().next();
        JsonNode argument = node.get(function);
        return switch (function) {
            case "Condition" -> condition(argument.asText());
            case "Fn::Equals" -> string(argument.get(0)).equals(string(argument.get(1)));
            case "Fn::Not" -> !evaluate(argument.get(0));
            case "Fn::And" -> {
                boolean all = true;
                for (JsonNode c : argument) {
                    all &= evaluate(c);
                }
                yield all;
            }
            case "Fn::Or" -> {
                boolean any = false;
                for (JsonNode c : argument) {
                    any |= evaluate(c);
                }
                yield any;
            }
            default -> throw new Unresolvable("condition function " + function);
        };
    }

    private JsonNode resource(String name) {
        JsonNode resource = template.path("Resources").path(name);
        if (resource.isMissingNode()) {
            throw new Unresolvable(name + ", which is neither a parameter nor a resource of the template");
        }
        return resource;
    }

    private String localOnly(String standIn, String what) {
        if (!local) {
            throw new Unresolvable(what);
        }
        return standIn;
    }

    /** What {@code Ref} returns for a resource: a name, a URL or an ARN depending on its type. */
    private String standInRef(String name, JsonNode resource) {
        String type = resource.path("Type").asText();
        String id = standInName(name, resource);
        return switch (type) {
            case "AWS::SNS::Topic", "AWS::Serverless::StateMachine", "AWS::StepFunctions::StateMachine" -> arn(type, id);
            case "AWS::SQS::Queue" -> "https://sqs." + region + ".amazonaws.com/" + LOCAL_ACCOUNT + "/" + id;
            default -> id;
        };
    }

    /** The resource's own name property when the template fixes it, else {@code <stack>-<kebab id>}. */
    String standInName(String name, JsonNode resource) {
        JsonNode properties = resource.path("Properties");
        for (String property : new String[] {"BucketName", "TopicName", "QueueName", "Name", "FunctionName",
            "LogGroupName", "WorkGroup"}) {
            if (properties.has(property)) {
                Optional<String> fixed = resolve(properties.get(property));
                if (fixed.isPresent()) {
                    return fixed.get();
                }
            }
        }
        if (properties.path("DatabaseInput").has("Name")) {
            return resolve(properties.path("DatabaseInput").get("Name")).orElse(kebab(name));
        }
        return LOCAL_STACK + "-" + kebab(name);
    }

    private String arn(String type, String id) {
        String[] parts = type.split("::");
        String service = parts.length > 1 ? parts[1].toLowerCase(Locale.ROOT) : "unknown";
        return switch (type) {
            case "AWS::S3::Bucket" -> "arn:aws:s3:::" + id;
            case "AWS::SNS::Topic", "AWS::SQS::Queue" -> "arn:aws:" + service + ":" + region + ":" + LOCAL_ACCOUNT + ":" + id;
            case "AWS::Events::EventBus" -> "arn:aws:events:" + region + ":" + LOCAL_ACCOUNT + ":event-bus/" + id;
            case "AWS::Serverless::Function", "AWS::Lambda::Function" ->
                    "arn:aws:lambda:" + region + ":" + LOCAL_ACCOUNT + ":function:" + id;
            case "AWS::IAM::Role" -> "arn:aws:iam::" + LOCAL_ACCOUNT + ":role/" + id;
            case "AWS::KMS::Key" -> "arn:aws:kms:" + region + ":" + LOCAL_ACCOUNT + ":key/" + id;
            default -> "arn:aws:" + service + ":" + region + ":" + LOCAL_ACCOUNT + ":" + id;
        };
    }

    /** {@code StatusEventRecorderFunction} -> {@code status-event-recorder-function}. */
    public static String kebab(String id) {
        return id.replaceAll("([a-z0-9])([A-Z])", "$1-$2").replaceAll("([A-Z])([A-Z][a-z])", "$1-$2")
                .toLowerCase(Locale.ROOT);
    }
}
