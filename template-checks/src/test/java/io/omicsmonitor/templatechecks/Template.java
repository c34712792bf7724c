package io.omicsmonitor.templatechecks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.omicsmonitor.cli.template.CfnYaml;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** The project's template.yaml, read once, with the look-ups the checks share. */
final class Template {

    static final Template PROJECT = new Template(projectRoot());

    final Path root;
    final JsonNode template;

    private Template(Path root) {
        this.root = root;
        this.template = CfnYaml.read(root.resolve("template.yaml"));
    }

    /** The folder holding template.yaml and the root pom, found from the working directory upwards. */
    private static Path projectRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("template.yaml")) && Files.exists(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no template.yaml beside a pom.xml above " + Path.of("").toAbsolutePath());
    }

    JsonNode resource(String logicalId) {
        JsonNode resource = template.path("Resources").path(logicalId);
        if (resource.isMissingNode()) {
            throw new AssertionError("template.yaml has no resource " + logicalId);
        }
        return resource;
    }

    /** Logical id to resource, for every resource of the type, in template order. */
    Map<String, JsonNode> resources(String type) {
        Map<String, JsonNode> found = new LinkedHashMap<>();
        template.path("Resources").properties().forEach(e -> {
            if (type.equals(e.getValue().path("Type").asText())) {
                found.put(e.getKey(), e.getValue());
            }
        });
        return found;
    }

    Map<String, JsonNode> functions() {
        return resources("AWS::Serverless::Function");
    }

    /** A function's property, or the Globals' when the function does not set it. */
    JsonNode functionProperty(String function, String name) {
        JsonNode own = resource(function).path("Properties").path(name);
        return own.isMissingNode() ? template.path("Globals").path("Function").path(name) : own;
    }

    /** The logical id a {@code !Ref X} or {@code !GetAtt X.Attr} names, or null for anything else. */
    static String referenced(JsonNode node) {
        if (node.has("Ref")) {
            return node.get("Ref").asText();
        }
        if (node.has("Fn::GetAtt")) {
            return node.get("Fn::GetAtt").get(0).asText();
        }
        return null;
    }

    /**
     * A value as the text CloudFormation substitutes into: a plain string as is, {@code !Sub s} as s,
     * {@code !Ref X} as {@code ${X}}, {@code !GetAtt X.Attr} as {@code ${X.Attr}}.
     */
    static String text(JsonNode node) {
        if (node.isTextual()) {
            return node.asText();
        }
        if (node.has("Fn::Sub") && node.get("Fn::Sub").isTextual()) {
            return node.get("Fn::Sub").asText();
        }
        if (node.has("Ref")) {
            return "${" + node.get("Ref").asText() + "}";
        }
        if (node.has("Fn::GetAtt")) {
            return "${" + node.get("Fn::GetAtt").get(0).asText() + "." + node.get("Fn::GetAtt").get(1).asText() + "}";
        }
        return node.toString();
    }

    /** A property that may be one value or a list of values, as a list. */
    static List<JsonNode> oneOrMany(JsonNode node) {
        List<JsonNode> values = new ArrayList<>();
        if (node == null || node.isMissingNode()) {
            return values;
        }
        if (node.isArray()) {
            node.forEach(values::add);
        } else {
            values.add(node);
        }
        return values;
    }

    /** Every policy statement anywhere in the template (roles, bucket, topic, queue and key policies). */
    void forEachStatement(Consumer<Statement> check) {
        template.path("Resources").properties().forEach(resource -> walk(resource.getKey(), resource.getValue(), check));
    }

    private static void walk(String logicalId, JsonNode node, Consumer<Statement> check) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                if (e.getKey().equals("Statement")) {
                    oneOrMany(e.getValue()).forEach(s -> check.accept(new Statement(logicalId, s)));
                } else {
                    walk(logicalId, e.getValue(), check);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> walk(logicalId, n, check));
        }
    }

    /** One policy statement and the resource whose policy holds it. */
    record Statement(String owner, JsonNode json) {

        List<String> actions() {
            return oneOrMany(json.path("Action")).stream().map(JsonNode::asText).toList();
        }

        List<String> resources() {
            return oneOrMany(json.path("Resource")).stream().map(Template::text).toList();
        }

        String sid() {
            return json.path("Sid").asText("(no Sid)");
        }

        JsonNode condition(String operator, String key) {
            JsonNode value = json.path("Condition").path(operator).path(key);
            return value.isMissingNode() ? MissingNode.getInstance() : value;
        }

        @Override
        public String toString() {
            return owner + " statement " + sid();
        }
    }
}
