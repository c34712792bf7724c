package io.omicsmonitor.templatechecks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omicsmonitor.budgets.BudgetMetrics;
import io.omicsmonitor.metrics.MetricNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, dashboards: every dashboard body is JSON once CloudFormation has substituted it (with the Compliance
 * profile on and off), and every metric a widget charts is one that something publishes, with dimensions that name
 * resources of this template: custom-metrics' own names and dimensions ({@link MetricNames}, the publisher's constants,
 * not a copy), or AWS's metrics of the Lambda functions, rules, buses, queues, log groups and schedule groups declared
 * here. A widget naming a metric nothing publishes draws an empty graph that looks like "all quiet".
 */
class DashboardsTest {

    static final Template T = Template.PROJECT;
    static final ObjectMapper JSON = new ObjectMapper();

    /** A substituted reference: ⟪X⟫ for ${X}, ⟪X.Attr⟫ for ${X.Attr}. Braces would clash with SEARCH's {namespace,...}. */
    static final Pattern REFERENCE = Pattern.compile("⟪([A-Za-z0-9:]+)(?:\\.([A-Za-z0-9]+))?⟫");
    static final Pattern SUBSTITUTION = Pattern.compile("\\$\\{([A-Za-z0-9:.]+)}");
    /** What budget-monitor publishes in the same namespace (its constants, not copies). */
    static final Set<String> BUDGET_METRICS = Set.of(BudgetMetrics.SPEND, BudgetMetrics.USED_PERCENT);

    static final Pattern SEARCH = Pattern.compile("SEARCH\\('\\{([^}]*)}([^']*)'");
    static final Pattern SEARCH_TERM = Pattern.compile("([A-Za-z]+)=\"([^\"]*)\"");
    static final Set<String> PSEUDO = Set.of("AWS::Region", "AWS::StackName", "AWS::AccountId", "AWS::Partition",
            "AWS::URLSuffix");

    /** What AWS publishes, by namespace: the metric names this project charts, and per dimension the resource type. */
    record AwsNamespace(Set<String> metrics, Map<String, String> dimensionTypes, String attribute) {
    }

    /**
     * AWS's own metrics (the services' documented metric lists), the ones a dashboard of this stack may chart. A
     * dimension's value must be {@code ${X}} (or {@code ${X.attribute}}) with X a resource of the type given.
     */
    static final Map<String, AwsNamespace> AWS = Map.of(
            "AWS/Lambda", new AwsNamespace(Set.of("Invocations", "Errors", "Throttles", "Duration",
                    "ConcurrentExecutions", "AsyncEventsDropped", "AsyncEventsReceived", "AsyncEventAge",
                    "DestinationDeliveryFailures"),
                    Map.of("FunctionName", "AWS::Serverless::Function"), null),
            "AWS/Events", new AwsNamespace(Set.of("Invocations", "FailedInvocations", "TriggeredRules", "MatchedEvents",
                    "InvocationsFailedToBeSentToDlq", "InvocationsSentToDlq", "ThrottledRules"),
                    Map.of("RuleName", "rule", "EventBusName", "AWS::Events::EventBus"), null),
            "AWS/SQS", new AwsNamespace(Set.of("ApproximateNumberOfMessagesVisible", "ApproximateAgeOfOldestMessage",
                    "NumberOfMessagesSent", "NumberOfMessagesReceived", "NumberOfMessagesDeleted"),
                    Map.of("QueueName", "AWS::SQS::Queue"), "QueueName"),
            "AWS/Logs", new AwsNamespace(Set.of("IncomingLogEvents", "IncomingBytes"),
                    Map.of("LogGroupName", "AWS::Logs::LogGroup"), null),
            "AWS/Scheduler", new AwsNamespace(Set.of("InvocationAttemptCount", "TargetErrorCount",
                    "InvocationDroppedCount", "InvocationThrottleCount"),
                    Map.of("ScheduleGroup", "AWS::Scheduler::ScheduleGroup"), null));

    /** One dashboard body as CloudWatch receives it, with Compliance on or off; references left as ⟪X⟫. */
    record Body(String dashboard, boolean compliance, JsonNode json) {
        List<JsonNode> widgets(String type) {
            List<JsonNode> found = new ArrayList<>();
            json.path("widgets").forEach(w -> {
                if (type.equals(w.path("type").asText())) {
                    found.add(w);
                }
            });
            return found;
        }

        @Override
        public String toString() {
            return dashboard + (compliance ? " (Compliance=true)" : " (Compliance=false)");
        }
    }

    /** A metric a widget charts: its namespace, name and dimensions (value as substituted text), and the widget title. */
    record Metric(String namespace, String name, Map<String, String> dimensions, String widget) {
    }

    static Stream<Body> bodies() {
        List<Body> bodies = new ArrayList<>();
        T.resources("AWS::CloudWatch::Dashboard").forEach((id, d) -> {
            for (boolean compliance : new boolean[] {false, true}) {
                String text = substitute(d.path("Properties").path("DashboardBody"), compliance);
                try {
                    bodies.add(new Body(id, compliance, JSON.readTree(text)));
                } catch (JsonProcessingException e) {
                    fail(id + (compliance ? " (Compliance=true)" : "") + ": the body is not JSON after substitution: "
                            + e.getOriginalMessage() + " at line " + e.getLocation().getLineNr() + ":\n" + text);
                }
            }
        });
        assertFalse(bodies.isEmpty(), "the template declares no dashboard");
        return bodies.stream();
    }

    /**
     * The body as CloudFormation substitutes it: {@code !Sub text} or {@code !Sub [text, {Var: value}]}, each value a
     * string, a {@code !Sub} or an {@code !If [ComplianceOn, a, b]} of those; every remaining {@code ${X}} as ⟪X⟫.
     */
    static String substitute(JsonNode body, boolean compliance) {
        JsonNode sub = body.path("Fn::Sub");
        assertFalse(sub.isMissingNode(), "a DashboardBody is a !Sub, so it can name the stack's resources: " + body);
        String text = sub.isTextual() ? sub.asText() : sub.get(0).asText();
        if (sub.isArray()) {
            for (Map.Entry<String, JsonNode> variable : sub.get(1).properties()) {
                text = text.replace("${" + variable.getKey() + "}", value(variable.getValue(), compliance));
            }
        }
        Matcher m = SUBSTITUTION.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement("⟪" + m.group(1) + "⟫"));
        }
        return m.appendTail(out).toString();
    }

    private static String value(JsonNode value, boolean compliance) {
        if (value.isTextual()) {
            return value.asText();
        }
        if (value.has("Fn::Sub") && value.get("Fn::Sub").isTextual()) {
            return value.get("Fn::Sub").asText();
        }
        JsonNode chosen = value.path("Fn::If");
        assertEquals("ComplianceOn", chosen.path(0).asText(), "a dashboard's variable may depend on ComplianceOn only: " + value);
        return value(chosen.get(compliance ? 1 : 2), compliance);
    }

    // ---------------------------------------------------------------- the body

    @Test
    void everyBodyIsJsonWithWidgetsOnTheGridThatDoNotOverlap() {
        bodies().forEach(body -> {
            JsonNode widgets = body.json().path("widgets");
            assertTrue(widgets.isArray() && !widgets.isEmpty(), body + ": widgets");
            boolean[][] taken = new boolean[24][200];
            for (JsonNode w : widgets) {
                String what = body + " widget '" + title(w) + "'";
                assertTrue(Set.of("metric", "text", "log", "alarm").contains(w.path("type").asText()), what + ": type");
                assertTrue(w.path("properties").isObject(), what + ": properties");
                int x = w.path("x").asInt(-1);
                int y = w.path("y").asInt(-1);
                int width = w.path("width").asInt();
                int height = w.path("height").asInt();
                assertTrue(x >= 0 && y >= 0 && width >= 1 && height >= 1 && x + width <= 24, what + ": on the 24-column grid");
                for (int i = x; i < x + width; i++) {
                    for (int j = y; j < y + height; j++) {
                        assertFalse(taken[i][j], what + " overlaps another widget at x=" + i + ", y=" + j);
                        taken[i][j] = true;
                    }
                }
                if (!w.path("type").asText().equals("text")) {
                    assertFalse(title(w).isBlank(), what + ": a title");
                }
                if (Set.of("metric", "log").contains(w.path("type").asText())) {
                    assertEquals("⟪AWS::Region⟫", w.path("properties").path("region").asText(), what + ": the stack's region");
                }
            }
        });
    }

    /** Every ${X} names a parameter, a pseudo parameter or a resource; a Compliance resource only with Compliance on. */
    @Test
    void everyReferenceNamesSomethingTheTemplateDeclares() {
        bodies().forEach(body -> {
            Matcher m = REFERENCE.matcher(body.json().toString());
            while (m.find()) {
                String name = m.group(1);
                if (PSEUDO.contains(name) || T.template.path("Parameters").has(name)) {
                    continue;
                }
                JsonNode resource = T.template.path("Resources").path(name);
                if (resource.isMissingNode()) {
                    assertTrue(generatedRules().containsKey(name), body + ": ${" + name + "} names nothing in the template");
                    continue;
                }
                String condition = resource.path("Condition").asText("");
                assertTrue(condition.isEmpty() || (condition.equals("ComplianceOn") && body.compliance()),
                        body + ": ${" + name + "} exists only with condition " + condition);
            }
        });
    }

    // ---------------------------------------------------------------- the metrics

    @Test
    void everyMetricIsOneSomethingPublishesWithDimensionsNamingRealResources() {
        bodies().forEach(body -> {
            List<Metric> metrics = metrics(body);
            assertFalse(metrics.isEmpty(), body + ": charts no metric");
            metrics.forEach(metric -> assertPublished(body, metric));
        });
    }

    static void assertPublished(Body body, Metric metric) {
        String what = body + " widget '" + metric.widget() + "': " + metric.namespace() + " " + metric.name() + " "
                + metric.dimensions();
        if (metric.namespace().equals("⟪MetricsNamespace⟫") && BUDGET_METRICS.contains(metric.name())) {
            assertEquals(List.of(BudgetMetrics.DIMENSION), new ArrayList<>(metric.dimensions().keySet()),
                    what + ": budget-monitor publishes its metrics with the one dimension " + BudgetMetrics.DIMENSION);
            return;
        }
        if (metric.namespace().equals("⟪MetricsNamespace⟫")) {
            assertTrue(MetricNames.ALL.contains(metric.name()), what + ": custom-metrics publishes no such metric "
                    + "(it publishes " + MetricNames.ALL + ")");
            assertTrue(MetricNames.DIMENSIONS.contains(new ArrayList<>(metric.dimensions().keySet())),
                    what + ": custom-metrics publishes only the dimension sets " + MetricNames.DIMENSIONS);
            return;
        }
        AwsNamespace aws = AWS.get(metric.namespace());
        assertNotNull(aws, what + ": a namespace nothing of this stack publishes to");
        assertTrue(aws.metrics().contains(metric.name()), what + ": not a metric " + metric.namespace() + " publishes");
        assertFalse(metric.dimensions().isEmpty(), what + ": AWS's metrics of this stack's resources have a dimension");
        assertTrue(aws.dimensionTypes().keySet().containsAll(metric.dimensions().keySet()),
                what + ": dimensions of " + metric.namespace() + " are " + aws.dimensionTypes().keySet());
        metric.dimensions().forEach((name, value) -> {
            if (value == null) {
                return; // a SEARCH over every value of the dimension
            }
            Matcher ref = REFERENCE.matcher(value);
            assertTrue(ref.matches(), what + ": " + name + " must be a ${resource} of this stack, not '" + value + "'");
            String resource = ref.group(1);
            String type = aws.dimensionTypes().get(name);
            if (type.equals("rule")) {
                EventBusTest.Rule rule = rules().get(resource);
                assertNotNull(rule, what + ": " + resource + " is not a rule of this template");
                // !Ref of a rule on another bus is "<bus>|<rule>": such a rule's metrics need EventBusName too.
                assertTrue(rule.onDefaultBus(), what + ": " + resource + " is on the stack's bus; chart it with "
                        + "EventBusName (a SEARCH on it), not with ${" + resource + "}, which is '<bus>|<rule>'");
            } else {
                assertEquals(type, T.resource(resource).path("Type").asText(), what + ": " + name);
                assertEquals(aws.attribute(), ref.group(2), what + ": " + name + " of " + resource);
            }
        });
        if (metric.namespace().equals("AWS/Events") && metric.dimensions().containsKey("RuleName")
                && metric.dimensions().get("RuleName") != null) {
            assertFalse(metric.dimensions().containsKey("EventBusName"), what + ": rules on the default bus have RuleName only");
        }
    }

    // ---------------------------------------------------------------- what each audience must see

    @Test
    void operationsShowEveryFunctionRuleQueueAndTheCrawler() {
        Body ops = body("OperationsDashboard", false);
        Set<String> charted = new TreeSet<>();
        metrics(ops).forEach(m -> charted.add(m.namespace() + " " + m.name() + " " + m.dimensions()));

        for (String function : T.functions().keySet()) {
            for (String name : List.of("Invocations", "Errors", "Throttles", "Duration")) {
                assertTrue(charted.contains("AWS/Lambda " + name + " {FunctionName=⟪" + function + "⟫}"),
                        "operations: " + function + " " + name);
            }
        }
        rules().values().forEach(rule -> {
            for (String name : List.of("Invocations", "FailedInvocations")) {
                String expected = rule.onDefaultBus()
                        ? "AWS/Events " + name + " {RuleName=⟪" + rule.name() + "⟫}"
                        : "AWS/Events " + name + " {EventBusName=⟪" + EventBusTest.BUS + "⟫, RuleName=null}";
                assertTrue(charted.contains(expected), "operations: rule " + rule.name() + " " + name + "; charted: " + charted);
            }
        });
        for (String queue : T.resources("AWS::SQS::Queue").keySet()) {
            for (String name : List.of("ApproximateNumberOfMessagesVisible", "ApproximateAgeOfOldestMessage")) {
                assertTrue(charted.contains("AWS/SQS " + name + " {QueueName=⟪" + queue + ".QueueName⟫}"),
                        "operations: " + queue + " " + name);
            }
        }
        // Glue publishes no metrics for crawlers: their failures (the rule) and their log.
        assertTrue(charted.contains("AWS/Events TriggeredRules {RuleName=⟪CrawlerFailedRule⟫}"), "operations: failed crawls");
        assertTrue(logSources(ops).contains("CrawlerLogGroup"), "operations: the crawler's log");
    }

    @Test
    void securityShowsTheSecurityEventsAndWithComplianceTheAuditTrailsDelivery() {
        String rule = "StatusEventRecorderFunctionSecurityChanges";
        for (boolean compliance : new boolean[] {false, true}) {
            Body security = body("SecurityDashboard", compliance);
            List<String> charted = metrics(security).stream().map(m -> m.namespace() + " " + m.name() + " " + m.dimensions()).toList();
            assertTrue(charted.contains("AWS/Events TriggeredRules {RuleName=⟪" + rule + "⟫}"), security + ": " + charted);
            assertTrue(charted.contains("AWS/Events FailedInvocations {RuleName=⟪" + rule + "⟫}"), security + ": " + charted);
            assertTrue(logSources(security).contains("StatusEventRecorderLogGroup"), security + ": the recorded events");
            assertEquals(compliance, charted.contains("AWS/Logs IncomingLogEvents {LogGroupName=⟪AuditTrailLogGroup⟫}"),
                    security + ": audit trail delivery exactly when the trail delivers to CloudWatch Logs");
            assertEquals(compliance, logSources(security).contains("AuditTrailLogGroup"), security + ": the audit trail's log");
        }
    }

    /** The rule a security event comes through is the one the security dashboard charts. */
    @Test
    void theSecurityRuleTakesTheShareAndAccessPolicyEvents() {
        EventBusTest.Rule rule = rules().get("StatusEventRecorderFunctionSecurityChanges");
        assertEquals("[\"Workflow Share Status Change\",\"S3 Access Policy Status Change\"]",
                rule.pattern().path("detail-type").toString());
    }

    // ---------------------------------------------------------------- log widgets

    /**
     * A log widget reads a log group of this stack, and on a function's log group filters on lines the function does
     * write: each {@code message = '...'} is a message its code logs, each field it shows is a key its code (or the
     * common invocation context) writes. A renamed log line would otherwise leave an empty table.
     */
    @Test
    void everyLogQueryReadsALogGroupOfTheStackAndTheLinesItsFunctionWrites() {
        Map<String, String> functionOfLogGroup = new LinkedHashMap<>();
        T.functions().forEach((id, fn) -> functionOfLogGroup.put(
                Template.referenced(fn.path("Properties").path("LoggingConfig").path("LogGroup")), id));
        bodies().forEach(body -> body.widgets("log").forEach(w -> {
            String query = w.path("properties").path("query").asText();
            String what = body + " log widget '" + title(w) + "'";
            List<String> sources = sources(query);
            assertFalse(sources.isEmpty(), what + ": SOURCE '<log group>' | ...");
            for (String group : sources) {
                assertEquals("AWS::Logs::LogGroup", T.resource(group).path("Type").asText(), what + ": " + group);
                String function = functionOfLogGroup.get(group);
                if (function == null) {
                    continue; // a log group of AWS's lines (the crawler, the trail): their fields are AWS's
                }
                String code = sourceText(function);
                Matcher message = Pattern.compile("message = '([^']+)'").matcher(query);
                while (message.find()) {
                    assertTrue(code.contains("\"" + message.group(1) + "\""), what + ": " + function + " logs no '"
                            + message.group(1) + "'");
                }
                Matcher fields = Pattern.compile("\\| fields ([^|]+)").matcher(query);
                assertTrue(fields.find(), what + ": fields");
                for (String field : fields.group(1).split(",")) {
                    String name = field.trim();
                    if (!name.startsWith("@")) {
                        assertTrue(code.contains("\"" + name + "\""), what + ": " + function + " logs no field " + name);
                    }
                }
            }
        }));
    }

    @Test
    void everyAlarmWidgetShowsAlarmsOfTheStack() {
        bodies().forEach(body -> body.widgets("alarm").forEach(w -> w.path("properties").path("alarms").forEach(a -> {
            Matcher ref = REFERENCE.matcher(a.asText());
            assertTrue(ref.matches() && "Arn".equals(ref.group(2)), body + ": alarm " + a);
            assertTrue(Set.of("AWS::CloudWatch::Alarm", "AWS::CloudWatch::CompositeAlarm")
                    .contains(T.resource(ref.group(1)).path("Type").asText()), body + ": " + ref.group(1));
        })));
    }

    // ---------------------------------------------------------------- reading widgets

    static Body body(String dashboard, boolean compliance) {
        return bodies().filter(b -> b.dashboard().equals(dashboard) && b.compliance() == compliance).findFirst()
                .orElseThrow(() -> new AssertionError("template.yaml has no dashboard " + dashboard));
    }

    static String title(JsonNode widget) {
        return widget.path("properties").path("title").asText("");
    }

    /**
     * Every metric of every metric widget. A row is {@code [namespace, name, dim, value, ..., {options}]}, where "."
     * repeats the previous row's item at that place and "..." the previous row's leading items; or
     * {@code [{"expression": ...}]}, of which SEARCH expressions name metrics (a dimension searched over every value
     * has the value null).
     */
    static List<Metric> metrics(Body body) {
        List<Metric> metrics = new ArrayList<>();
        for (JsonNode widget : body.widgets("metric")) {
            List<String> previous = List.of();
            for (JsonNode row : widget.path("properties").path("metrics")) {
                if (row.size() == 1 && row.get(0).has("expression")) {
                    metrics.addAll(searched(row.get(0).get("expression").asText(), title(widget)));
                    continue;
                }
                List<String> items = new ArrayList<>();
                for (int i = 0; i < row.size(); i++) {
                    JsonNode item = row.get(i);
                    if (item.isObject()) {
                        break; // the rendering options, last
                    }
                    String text = item.asText();
                    if (text.equals("...")) {
                        int rest = (int) Stream.iterate(i + 1, k -> k + 1).limit(row.size() - i - 1)
                                .filter(k -> !row.get(k).isObject()).count();
                        items.addAll(previous.subList(0, previous.size() - rest));
                    } else if (text.equals(".")) {
                        items.add(previous.get(items.size()));
                    } else {
                        items.add(text);
                    }
                }
                assertTrue(items.size() >= 2 && items.size() % 2 == 0, body + " widget '" + title(widget)
                        + "': a metric row is namespace, name and pairs of dimension and value: " + row);
                Map<String, String> dimensions = new LinkedHashMap<>();
                for (int i = 2; i < items.size(); i += 2) {
                    dimensions.put(items.get(i), items.get(i + 1));
                }
                metrics.add(new Metric(items.get(0), items.get(1), dimensions, title(widget)));
                previous = items;
            }
        }
        return metrics;
    }

    /** The metric a {@code SEARCH('{namespace,dim,...} Dim="value" MetricName="name"', ...)} names. */
    static List<Metric> searched(String expression, String widget) {
        List<Metric> found = new ArrayList<>();
        Matcher search = SEARCH.matcher(expression);
        while (search.find()) {
            String[] schema = search.group(1).split(",");
            Map<String, String> terms = new LinkedHashMap<>();
            Matcher term = SEARCH_TERM.matcher(search.group(2));
            while (term.find()) {
                terms.put(term.group(1), term.group(2));
            }
            String name = terms.remove("MetricName");
            assertNotNull(name, widget + ": a SEARCH names its MetricName, so that it charts one metric: " + expression);
            Map<String, String> dimensions = new LinkedHashMap<>();
            for (int i = 1; i < schema.length; i++) {
                dimensions.put(schema[i].trim(), terms.remove(schema[i].trim()));
            }
            assertTrue(terms.isEmpty(), widget + ": SEARCH terms " + terms.keySet() + " are not dimensions of its schema");
            found.add(new Metric(schema[0].trim(), name, dimensions, widget));
        }
        assertFalse(found.isEmpty(), widget + ": an expression that is no SEARCH names no metric this check can follow: "
                + expression);
        return found;
    }

    /** The log groups of a query's {@code SOURCE '⟪X⟫'} clauses. */
    static List<String> sources(String query) {
        List<String> groups = new ArrayList<>();
        Matcher m = Pattern.compile("SOURCE '⟪([A-Za-z0-9]+)⟫'").matcher(query);
        while (m.find()) {
            groups.add(m.group(1));
        }
        return groups;
    }

    static Set<String> logSources(Body body) {
        Set<String> groups = new TreeSet<>();
        body.widgets("log").forEach(w -> groups.addAll(sources(w.path("properties").path("query").asText())));
        return groups;
    }

    static Map<String, EventBusTest.Rule> rules() {
        Map<String, EventBusTest.Rule> rules = new LinkedHashMap<>();
        EventBusTest.rules().forEach(r -> rules.put(r.name(), r));
        return rules;
    }

    /** Rules SAM generates from a function's EventBridgeRule event: logical id function + event name. */
    static Map<String, EventBusTest.Rule> generatedRules() {
        Map<String, EventBusTest.Rule> rules = new LinkedHashMap<>(rules());
        rules.keySet().removeAll(T.resources("AWS::Events::Rule").keySet());
        return rules;
    }

    /** The main sources of a function's module and of common (whose invocation context stamps every line). */
    static String sourceText(String function) {
        String module = Path.of(T.functionProperty(function, "CodeUri").asText()).getName(0).toString();
        StringBuilder text = new StringBuilder();
        for (String dir : List.of(module, "common")) {
            try (Stream<Path> files = Files.walk(T.root.resolve(dir).resolve("src/main/java"))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    text.append(Files.readString(file));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return text.toString();
    }
}
