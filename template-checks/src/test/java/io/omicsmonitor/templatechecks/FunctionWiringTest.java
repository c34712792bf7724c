package io.omicsmonitor.templatechecks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each function is deployable as wired: its handler is in its jar, its events, failures and logs go somewhere. */
class FunctionWiringTest {

    static final Template T = Template.PROJECT;
    static final EnvironmentReads READS = new EnvironmentReads(T.root);

    /** Variables the code reads only for local runs; a deployed function must not have them. */
    static final Set<String> LOCAL_ONLY = Set.of(
            "PRICES_FILE"); // the run-analyzer's offline price book; deployed, it asks the Price List API

    /**
     * Functions invoked directly, with no trigger of their own: the ack function (issue 16), which {@code omics-monitor
     * ack} and the chat channels invoke synchronously.
     */
    static final Set<String> INVOKED_DIRECTLY = Set.of("AlertAckFunction");

    static Stream<String> functions() {
        return T.functions().keySet().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void theHandlerIsAClassInTheJarAtCodeUri(String function) throws Exception {
        String codeUri = T.functionProperty(function, "CodeUri").asText();
        Path jar = T.root.resolve(codeUri);
        assertTrue(Files.isRegularFile(jar), () -> function + ": " + codeUri + " is missing. Build it first: `mvn -B verify`"
                + " packages every function before these checks run; alone: `mvn -pl " + module(codeUri) + " package`.");

        String[] handler = T.functionProperty(function, "Handler").asText().split("::");
        String className = handler[0];
        String method = handler.length > 1 ? handler[1] : "handleRequest";
        try (JarFile file = new JarFile(jar.toFile())) {
            assertNotNull(file.getEntry(className.replace('.', '/') + ".class"),
                    () -> function + ": Handler names " + className + ", which is not in " + codeUri);
        }
        // Loaded from the jar alone (over the JDK's own classes only), as Lambda loads it.
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            Class<?> type = Class.forName(className, false, loader);
            Class<?> streamHandler = Class.forName("com.amazonaws.services.lambda.runtime.RequestStreamHandler", false, loader);
            Class<?> requestHandler = Class.forName("com.amazonaws.services.lambda.runtime.RequestHandler", false, loader);
            assertTrue(streamHandler.isAssignableFrom(type) || requestHandler.isAssignableFrom(type),
                    () -> function + ": " + className + " is not a Lambda RequestStreamHandler or RequestHandler");
            assertTrue(Modifier.isPublic(type.getConstructor().getModifiers()),
                    () -> function + ": " + className + " needs a public no-argument constructor for Lambda");
            assertTrue(Arrays.stream(type.getMethods()).anyMatch(m -> m.getName().equals(method)),
                    () -> function + ": " + className + " has no public method " + method);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void hasItsRulesDeadLetterQueueAndLogGroup(String function) {
        JsonNode properties = T.resource(function).path("Properties");
        Set<String> queues = new HashSet<>();
        int rules = 0;
        for (Map.Entry<String, JsonNode> event : properties.path("Events").properties()) {
            if (event.getValue().path("Type").asText().equals("SNS")) {
                // a topic's subscription (issue 16): what SNS could not deliver goes to the function's queue
                rules++;
                String subscription = function + event.getKey();
                JsonNode sp = event.getValue().path("Properties");
                String topic = Template.referenced(sp.path("Topic"));
                assertEquals("AWS::SNS::Topic", T.resource(topic).path("Type").asText(), subscription + "'s topic");
                String queue = Template.referenced(sp.path("RedrivePolicy").path("deadLetterTargetArn"));
                assertNotNull(queue, () -> subscription + " has no RedrivePolicy naming a queue of this template");
                assertTrue(queuePolicyLets("sns.amazonaws.com", queue, topic),
                        () -> "no queue policy lets " + topic + " (SNS) send to " + queue);
                queues.add(queue);
                continue;
            }
            if (!event.getValue().path("Type").asText().equals("EventBridgeRule")) {
                continue;
            }
            rules++;
            String rule = function + event.getKey();
            JsonNode rp = event.getValue().path("Properties");
            assertTrue(rp.path("Pattern").has("source") && rp.path("Pattern").has("detail-type"),
                    () -> rule + ": the pattern must name its sources and detail-types");
            assertTrue(rp.path("RetryPolicy").has("MaximumRetryAttempts"), () -> rule + " has no RetryPolicy");
            String queue = Template.referenced(rp.path("DeadLetterConfig").path("Arn"));
            assertNotNull(queue, () -> rule + " has no DeadLetterConfig naming a queue of this template");
            assertEquals("AWS::SQS::Queue", T.resource(queue).path("Type").asText(), rule + "'s dead-letter target");
            assertTrue(queuePolicyLetsTheRuleSend(queue, rule),
                    () -> "no queue policy lets " + rule + " (EventBridge) send to " + queue);
            queues.add(queue);
        }
        // A scheduled function: an AWS::Scheduler::Schedule invokes it, with retries and its dead-letter queue, which
        // the schedule's role (not a queue policy) may send to.
        for (Map.Entry<String, JsonNode> schedule : T.resources("AWS::Scheduler::Schedule").entrySet()) {
            JsonNode target = schedule.getValue().path("Properties").path("Target");
            if (!Template.text(target.path("Arn")).startsWith("${" + function + ".")) {
                continue;
            }
            rules++;
            assertEquals("${" + function + ".Alias}", Template.text(target.path("Arn")),
                    schedule.getKey() + ": the published alias (SnapStart runs versions only)");
            assertTrue(target.path("RetryPolicy").has("MaximumRetryAttempts"), schedule.getKey() + " has no RetryPolicy");
            String queue = Template.referenced(target.path("DeadLetterConfig").path("Arn"));
            assertNotNull(queue, () -> schedule.getKey() + " has no DeadLetterConfig naming a queue of this template");
            queues.add(queue);
            String role = Template.referenced(target.path("RoleArn"));
            assertTrue(HardeningTest.roleStatements(role).stream().anyMatch(st -> st.actions().equals(
                            java.util.List.of("sqs:SendMessage")) && st.resources().equals(java.util.List.of("${" + queue + ".Arn}"))),
                    () -> schedule.getKey() + "'s role " + role + " may not send to " + queue);
        }
        if (INVOKED_DIRECTLY.contains(function)) {
            assertTrue(properties.path("Events").isMissingNode(), function + " is invoked directly: no trigger");
        } else {
            assertTrue(rules > 0, () -> function + " has no EventBridgeRule or SNS event and no schedule");
        }

        JsonNode onFailure = properties.path("EventInvokeConfig").path("DestinationConfig").path("OnFailure");
        assertEquals("SQS", onFailure.path("Type").asText(), function + ": OnFailure destination type");
        queues.add(Template.referenced(onFailure.path("Destination")));
        assertEquals(1, queues.size(), () -> function + ": its rules' dead-letter queue and its OnFailure destination "
                + "should be its one dead-letter queue, found " + queues);
        String queue = queues.iterator().next();
        assertTrue(alarmWatches("AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", queue),
                () -> "no alarm on messages in " + queue);

        JsonNode logging = T.functionProperty(function, "LoggingConfig");
        assertEquals("JSON", logging.path("LogFormat").asText(), function + ": LoggingConfig.LogFormat");
        String logGroup = Template.referenced(logging.path("LogGroup"));
        assertNotNull(logGroup, () -> function + ": LoggingConfig.LogGroup must name a log group of this template");
        assertEquals("AWS::Logs::LogGroup", T.resource(logGroup).path("Type").asText(), function + "'s log group");

        assertTrue(alarmWatches("AWS/Lambda", "Errors", "FunctionName", function), () -> "no Errors alarm on " + function);
        assertTrue(alarmWatches("AWS/Lambda", "Throttles", "FunctionName", function), () -> "no Throttles alarm on " + function);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void setsEveryVariableItsCodeReadsAndNoOther(String function) {
        Path module = T.root.resolve(module(T.functionProperty(function, "CodeUri").asText()));
        assertTrue(Files.isDirectory(module.resolve("src/main/java")), () -> function + ": no sources in " + module);
        Set<String> read = READS.of(module);
        Set<String> set = new TreeSet<>();
        T.template.path("Globals").path("Function").path("Environment").path("Variables").fieldNames().forEachRemaining(set::add);
        T.resource(function).path("Properties").path("Environment").path("Variables").fieldNames().forEachRemaining(set::add);

        Set<String> missing = new TreeSet<>(read);
        missing.removeAll(set);
        missing.removeAll(LOCAL_ONLY);
        assertEquals(Set.of(), missing, function + "'s code reads these variables, which template.yaml does not set");
        Set<String> unread = new TreeSet<>(set);
        unread.removeAll(read);
        unread.addAll(set.stream().filter(LOCAL_ONLY::contains).toList());
        assertEquals(Set.of(), unread, function + " is given these variables, which its code never reads (a typo?) "
                + "or reads only in local runs");
    }

    private static boolean queuePolicyLets(String service, String queue, String source) {
        return T.resources("AWS::SQS::QueuePolicy").values().stream()
                .filter(p -> Template.oneOrMany(p.path("Properties").path("Queues")).stream()
                        .anyMatch(q -> queue.equals(Template.referenced(q))))
                .flatMap(p -> Template.oneOrMany(p.path("Properties").path("PolicyDocument").path("Statement")).stream())
                .filter(s -> s.path("Effect").asText().equals("Allow")
                        && s.path("Principal").path("Service").asText().equals(service))
                .flatMap(s -> Template.oneOrMany(s.path("Condition").path("ArnEquals").path("aws:SourceArn")).stream())
                .anyMatch(arn -> source.equals(Template.referenced(arn)));
    }

    private static boolean queuePolicyLetsTheRuleSend(String queue, String rule) {
        return T.resources("AWS::SQS::QueuePolicy").values().stream()
                .filter(p -> Template.oneOrMany(p.path("Properties").path("Queues")).stream()
                        .anyMatch(q -> queue.equals(Template.referenced(q))))
                .flatMap(p -> Template.oneOrMany(p.path("Properties").path("PolicyDocument").path("Statement")).stream())
                .filter(s -> s.path("Effect").asText().equals("Allow")
                        && s.path("Principal").path("Service").asText().equals("events.amazonaws.com"))
                .flatMap(s -> Template.oneOrMany(s.path("Condition").path("ArnEquals").path("aws:SourceArn")).stream())
                .anyMatch(arn -> rule.equals(Template.referenced(arn)));
    }

    private static boolean alarmWatches(String namespace, String metric, String dimension, String logicalId) {
        return T.resources("AWS::CloudWatch::Alarm").values().stream().map(a -> a.path("Properties"))
                .filter(a -> a.path("Namespace").asText().equals(namespace) && a.path("MetricName").asText().equals(metric))
                .flatMap(a -> Template.oneOrMany(a.path("Dimensions")).stream())
                .anyMatch(d -> d.path("Name").asText().equals(dimension)
                        && logicalId.equals(Template.referenced(d.path("Value"))));
    }

    private static String module(String codeUri) {
        return Path.of(codeUri).getName(0).toString();
    }

    /**
     * The functions with a reserved concurrency, and the parameter that sets it: the log readers (GetLogEvents quota),
     * custom-metrics, whose GetRun calls must not take the whole GetRun quota from the failure alerts in a burst, and
     * the two recorders, whose capacity no other function of the account may take (sized in HardeningTest), and the
     * alert functions (issue 16), so that a storm of alerts cannot take the account's concurrency.
     */
    @Test
    void theQuotaBoundFunctionsHaveAReservedConcurrency() {
        Map<String, String> reserved = new TreeMap<>();
        T.functions().forEach((name, fn) -> {
            JsonNode r = fn.path("Properties").path("ReservedConcurrentExecutions");
            if (!r.isMissingNode()) {
                reserved.put(name, Template.referenced(r));
            }
        });
        assertEquals(Map.of("AlertAckFunction", "AlertFunctionsConcurrency",
                "AlertEscalationFunction", "AlertFunctionsConcurrency", "CustomMetricsFunction", "MetricsConcurrency",
                "BudgetMonitorFunction", "BudgetMonitorConcurrency", "ReportGeneratorFunction", "ReportGeneratorConcurrency",
                "ManifestProcessorFunction", "LogReaderConcurrency", "RunAnalyzerFunction", "LogReaderConcurrency",
                "StatusEventRecorderFunction", "StatusRecorderConcurrency",
                "WorkflowRecordsFunction", "WorkflowRecorderConcurrency"), reserved);
        assertEquals(5, T.template.path("Parameters").path("MetricsConcurrency").path("Default").asInt());
    }
}
