package io.omicsmonitor.cli.template;

import com.fasterxml.jackson.databind.JsonNode;
import io.omicsmonitor.cli.UserError;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The parts of template.yaml the command line needs: each function's handler class, environment and EventBridge
 * patterns (what {@code sam local invoke} reads), the S3 buckets and the Athena named queries.
 */
public final class SamTemplate {

    private final Path file;
    private final JsonNode root;

    private SamTemplate(Path file, JsonNode root) {
        this.file = file;
        this.root = root;
    }

    public static SamTemplate read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            JsonNode root = CfnYaml.read(in);
            if (!root.isObject()) {
                throw new UserError(file + " is not a SAM template (expected a YAML mapping with Resources)");
            }
            return new SamTemplate(file, root);
        } catch (NoSuchFileException e) {
            throw new UserError("no template at " + file + ": run from the project folder (the one with template.yaml)"
                    + " or pass --template FILE");
        } catch (IOException e) {
            throw new UserError("cannot read " + file + ": " + e.getMessage());
        }
    }

    public Path file() {
        return file;
    }

    public JsonNode root() {
        return root;
    }

    /** Every {@code AWS::Serverless::Function} (and plain Lambda function) in template order. */
    public List<FunctionDefinition> functions() {
        List<FunctionDefinition> functions = new ArrayList<>();
        JsonNode globals = root.path("Globals").path("Function");
        for (Map.Entry<String, JsonNode> resource : root.path("Resources").properties()) {
            String type = resource.getValue().path("Type").asText();
            if (!type.equals("AWS::Serverless::Function") && !type.equals("AWS::Lambda::Function")) {
                continue;
            }
            JsonNode properties = resource.getValue().path("Properties");
            String handler = properties.has("Handler") ? properties.get("Handler").asText()
                    : globals.path("Handler").asText("");
            Map<String, JsonNode> environment = new LinkedHashMap<>();
            globals.path("Environment").path("Variables").properties()
                    .forEach(e -> environment.put(e.getKey(), e.getValue()));
            properties.path("Environment").path("Variables").properties()
                    .forEach(e -> environment.put(e.getKey(), e.getValue()));
            functions.add(new FunctionDefinition(resource.getKey(), shortName(resource.getKey()),
                    handler.contains("::") ? handler.substring(0, handler.indexOf("::")) : handler,
                    environment, rules(resource.getKey(), properties)));
        }
        return functions;
    }

    /** A function by logical id ({@code StatusEventRecorderFunction}) or short name ({@code status-event-recorder}). */
    public FunctionDefinition function(String name) {
        List<FunctionDefinition> functions = functions();
        for (FunctionDefinition f : functions) {
            if (f.logicalId().equalsIgnoreCase(name) || f.shortName().equalsIgnoreCase(name)) {
                return f;
            }
        }
        throw new UserError("no function '" + name + "' in " + file + "; its functions are: "
                + (functions.isEmpty() ? "(none)" : String.join(", ", functions.stream()
                .map(f -> f.shortName() + " (" + f.logicalId() + ")").toList())));
    }

    /** Logical ids of the S3 buckets the template creates. */
    public List<String> buckets() {
        List<String> buckets = new ArrayList<>();
        root.path("Resources").properties().forEach(r -> {
            if (r.getValue().path("Type").asText().equals("AWS::S3::Bucket")) {
                buckets.add(r.getKey());
            }
        });
        return buckets;
    }

    /** A named query: its name, SQL (unresolved) and database (unresolved, may be missing). */
    public record NamedQuery(String logicalId, JsonNode name, JsonNode database, JsonNode sql) {
    }

    public List<NamedQuery> namedQueries() {
        List<NamedQuery> queries = new ArrayList<>();
        root.path("Resources").properties().forEach(r -> {
            if (r.getValue().path("Type").asText().equals("AWS::Athena::NamedQuery")) {
                JsonNode p = r.getValue().path("Properties");
                queries.add(new NamedQuery(r.getKey(), p.get("Name"), p.get("Database"), p.get("QueryString")));
            }
        });
        return queries;
    }

    /** The Glue database that holds the lake's tables, when the template creates one. */
    public java.util.Optional<String> glueDatabase(Intrinsics values) {
        for (Map.Entry<String, JsonNode> r : root.path("Resources").properties()) {
            if (r.getValue().path("Type").asText().equals("AWS::Glue::Database")) {
                return values.resolve(r.getValue().path("Properties").path("DatabaseInput").path("Name"));
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * The EventBridge rules that invoke a function, each with its bus: its own {@code EventBridgeRule}/
     * {@code CloudWatchEvent} events, and any {@code AWS::Events::Rule} whose targets name it.
     */
    private List<FunctionDefinition.EventRule> rules(String functionId, JsonNode properties) {
        List<FunctionDefinition.EventRule> rules = new ArrayList<>();
        properties.path("Events").forEach(event -> {
            String type = event.path("Type").asText();
            if ((type.equals("EventBridgeRule") || type.equals("CloudWatchEvent"))
                    && event.path("Properties").has("Pattern")) {
                rules.add(new FunctionDefinition.EventRule(event.path("Properties").get("EventBusName"),
                        event.path("Properties").get("Pattern")));
            }
        });
        root.path("Resources").forEach(resource -> {
            if (resource.path("Type").asText().equals("AWS::Events::Rule")
                    && resource.path("Properties").has("EventPattern")) {
                for (JsonNode target : resource.path("Properties").path("Targets")) {
                    if (names(target.path("Arn"), functionId)) {
                        rules.add(new FunctionDefinition.EventRule(resource.path("Properties").get("EventBusName"),
                                resource.path("Properties").get("EventPattern")));
                    }
                }
            }
        });
        return rules;
    }

    /** True when an ARN value ({@code !GetAtt Fn.Arn}, {@code !Ref Fn.Alias}, a Sub) refers to the function. */
    private static boolean names(JsonNode arn, String functionId) {
        String text = arn.toString();
        return text.contains("\"" + functionId + "\"") || text.contains("\"" + functionId + ".")
                || text.contains("${" + functionId + ".") || text.contains("${" + functionId + "}");
    }

    static String shortName(String logicalId) {
        String name = logicalId.endsWith("Function") && logicalId.length() > "Function".length()
                ? logicalId.substring(0, logicalId.length() - "Function".length()) : logicalId;
        return Intrinsics.kebab(name).toLowerCase(Locale.ROOT);
    }
}
