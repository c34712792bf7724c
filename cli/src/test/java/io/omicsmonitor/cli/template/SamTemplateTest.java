package io.omicsmonitor.cli.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.omicsmonitor.cli.UserError;
import io.omicsmonitor.mapper.Json;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading a SAM template as `invoke` does: handler, environment (Globals merged, intrinsics resolved), rules. */
class SamTemplateTest {

    static final SamTemplate TEMPLATE = SamTemplate.read(fixture());

    static Path fixture() {
        try {
            return Path.of(SamTemplateTest.class.getResource("/template-fixture.yaml").toURI());
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void findsFunctionsByLogicalIdOrShortName() {
        assertEquals(List.of("StatusEventRecorderFunction", "PlainFunction"),
                TEMPLATE.functions().stream().map(FunctionDefinition::logicalId).toList());
        FunctionDefinition byShortName = TEMPLATE.function("status-event-recorder");
        assertEquals("StatusEventRecorderFunction", byShortName.logicalId());
        assertEquals("io.omicsmonitor.status.StatusEventRecorder", byShortName.handlerClass());
        assertEquals("StatusEventRecorderFunction", TEMPLATE.function("StatusEventRecorderFunction").logicalId());
        assertEquals("example.Plain", TEMPLATE.function("plain").handlerClass());
    }

    @Test
    void anUnknownFunctionNamesTheOnesThereAre() {
        UserError e = assertThrows(UserError.class, () -> TEMPLATE.function("nope"));
        assertTrue(e.getMessage().endsWith("its functions are: status-event-recorder (StatusEventRecorderFunction), "
                + "plain (PlainFunction)"), e.getMessage());
    }

    @Test
    void resolvesTheEnvironmentToLocalStandIns() {
        Map<String, String> env = FunctionEnvironment.local(TEMPLATE.function("status-event-recorder"),
                Intrinsics.local(TEMPLATE.root(), "us-west-2"), Map.of());

        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("LOG_LEVEL", "INFO");
        expected.put("SHARED", "own-value");
        expected.put("LAKE_BUCKET", "omics-monitor-lake-bucket");
        expected.put("LAKE_PREFIX", "lake");
        expected.put("ALERT_TOPIC_ARN", "arn:aws:sns:us-west-2:123456789012:omics-monitor-alert-topic");
        expected.put("BUS_ARN", "arn:aws:events:us-west-2:123456789012:event-bus/monitor-bus");
        expected.put("COPY_OF", "s3://omics-monitor-named-123456789012/lake/x in us-west-2, literal ${Kept}");
        expected.put("CHOICE", "strict-mode");
        expected.put("JOINED", "a-lake-c");
        expected.put("EMAIL", "local-alert-email");
        assertEquals(expected, env);
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(env.keySet()), "Globals first, then the function's");
    }

    @Test
    void overridesWinLocally() {
        Map<String, String> env = FunctionEnvironment.local(TEMPLATE.function("status-event-recorder"),
                Intrinsics.local(TEMPLATE.root(), "us-west-2"), Map.of("LAKE_BUCKET", "mine"));
        assertEquals("mine", env.get("LAKE_BUCKET"));
    }

    @Test
    void againstAwsEveryValueOnlyTheStackKnowsMustBeGiven() {
        UserError e = assertThrows(UserError.class, () -> FunctionEnvironment.aws(
                TEMPLATE.function("status-event-recorder"), Intrinsics.aws(TEMPLATE.root(), "eu-west-1"),
                Map.of("ALERT_TOPIC_ARN", "arn:aws:sns:eu-west-1:111122223333:alerts"), Map.of("EMAIL", "a@b.c")));
        assertEquals("""
                StatusEventRecorderFunction needs values that only the deployed stack knows:
                  LAKE_BUCKET (the template sets it to the deployed resource LakeBucket (AWS::S3::Bucket))
                  BUS_ARN (the template sets it to the deployed resource Bus.Arn)
                  COPY_OF (the template sets it to the deployed resource NamedBucket (AWS::S3::Bucket))
                pass each as --env NAME=VALUE (or export it), for example the stack's outputs: \
                aws cloudformation describe-stacks --stack-name <stack> --query 'Stacks[0].Outputs'""", e.getMessage());
    }

    @Test
    void againstAwsTheTemplatesOwnValuesAndTheShellFillTheRest() {
        Map<String, String> env = FunctionEnvironment.aws(TEMPLATE.function("status-event-recorder"),
                Intrinsics.aws(TEMPLATE.root(), "eu-west-1"),
                Map.of("LAKE_BUCKET", "my-lake", "COPY_OF", "x"),
                Map.of("BUS_ARN", "arn:aws:events:eu-west-1:111122223333:event-bus/b", "ALERT_TOPIC_ARN", "arn:t",
                        "EMAIL", "ops@example.com"));
        assertEquals("my-lake", env.get("LAKE_BUCKET"));
        assertEquals("lake", env.get("LAKE_PREFIX"));
        assertEquals("arn:t", env.get("ALERT_TOPIC_ARN"));
        assertEquals("ops@example.com", env.get("EMAIL"), "a parameter without default comes from the shell");
        assertEquals("a-lake-c", env.get("JOINED"));
    }

    @Test
    void readsTheRulesPatternsAndMatchesEventsAsEventBridgeDoes() throws Exception {
        JsonNode pattern = TEMPLATE.function("status-event-recorder").eventPatterns().get(0);
        assertTrue(EventPattern.of(pattern).matches(event("aws.omics", "Run Status Change", "FAILED")));
        assertTrue(EventPattern.of(pattern).matches(event("aws.omics", "Run Status Change", "CANCELLED")));
        assertFalse(EventPattern.of(pattern).matches(event("aws.omics", "Run Status Change", "COMPLETED")));
        assertFalse(EventPattern.of(pattern).matches(event("aws.omics", "Task Status Change", "FAILED")));

        List<JsonNode> plain = TEMPLATE.function("plain").eventPatterns();
        assertEquals(1, plain.size(), "the AWS::Events::Rule that targets it");
        assertTrue(EventPattern.of(plain.get(0)).matches(event("omics-monitor", "X", "RUNNING")));
        assertFalse(EventPattern.of(plain.get(0)).matches(event("omics-monitor", "X", "PENDING")));
        assertFalse(EventPattern.of(plain.get(0)).matches(Json.MAPPER.readTree(
                "{\"source\":\"omics-monitor\",\"detail\":{\"status\":\"RUNNING\"}}")), "runId must exist");
    }

    @Test
    void listsBucketsAndNamedQueries() {
        assertEquals(List.of("LakeBucket", "NamedBucket"), TEMPLATE.buckets());
        SamTemplate.NamedQuery query = TEMPLATE.namedQueries().get(0);
        Intrinsics values = Intrinsics.local(TEMPLATE.root(), "us-west-2");
        assertEquals("Runs by status", values.resolve(query.name()).orElseThrow());
        assertEquals("SELECT status, count(*) AS runs FROM runs GROUP BY status ORDER BY status\n",
                values.resolve(query.sql()).orElseThrow());
    }

    /**
     * The project's template.yaml as the demo routes with it: each rule's bus and its pattern, with
     * {@code account: [!Ref AWS::AccountId]} resolved to the local account. HealthOmics' events reach the functions
     * only on the default bus, replays and analyses only on the stack's own bus (issue 12).
     */
    @Test
    void theProjectsRulesRouteByBusAndByResolvedAccount() throws Exception {
        SamTemplate project = SamTemplate.read(io.omicsmonitor.cli.ProjectFiles.locate().template());
        Intrinsics values = Intrinsics.local(project.root(), "us-west-2");
        FunctionDefinition recorder = project.function("status-event-recorder");
        Map<String, List<JsonNode>> byBus = new LinkedHashMap<>();
        for (FunctionDefinition.EventRule rule : recorder.eventRules()) {
            byBus.computeIfAbsent(Intrinsics.busName(values.resolve(rule.eventBus()).orElse(null)),
                    b -> new java.util.ArrayList<>()).add(values.resolveTree(rule.pattern()));
        }
        String stackBus = values.resolve(project.function("run-analyzer").environment().get("EVENT_BUS_NAME")).orElseThrow();
        assertEquals("omics-monitor-omics-monitor", stackBus, "the run-analyzer puts its events on the stack's own bus");
        assertEquals(List.of("default", stackBus), List.copyOf(byBus.keySet()));

        JsonNode live = Json.MAPPER.readTree("{\"source\":\"aws.omics\",\"account\":\"123456789012\","
                + "\"detail-type\":\"Run Status Change\",\"detail\":{\"status\":\"RUNNING\"}}");
        JsonNode otherAccount = Json.MAPPER.readTree(live.toString().replace("123456789012", "210987654321"));
        JsonNode replay = Json.MAPPER.readTree(live.toString().replace("aws.omics", "omics-monitor.replay"));
        JsonNode defaultPattern = byBus.get("default").get(0);
        JsonNode replayPattern = byBus.get(stackBus).get(0);
        assertEquals("[\"123456789012\"]", defaultPattern.get("account").toString(), "!Ref AWS::AccountId, resolved");
        assertTrue(EventPattern.of(defaultPattern).matches(live));
        assertFalse(EventPattern.of(defaultPattern).matches(otherAccount), "another account's event");
        assertFalse(EventPattern.of(defaultPattern).matches(replay), "a replay on the default bus reaches no function");
        assertTrue(EventPattern.of(replayPattern).matches(replay));
        assertFalse(EventPattern.of(replayPattern).matches(live));
        assertEquals("monitor-bus", Intrinsics.busName("arn:aws:events:us-west-2:123456789012:event-bus/monitor-bus"));
        assertEquals("default", Intrinsics.busName(null));
    }

    @Test
    void aMissingTemplateSaysWhatToDo() {
        UserError e = assertThrows(UserError.class, () -> SamTemplate.read(Path.of("no/such/template.yaml")));
        assertEquals("no template at no/such/template.yaml: run from the project folder (the one with template.yaml) "
                + "or pass --template FILE", e.getMessage());
    }

    private static JsonNode event(String source, String detailType, String status) throws Exception {
        return Json.MAPPER.readTree("{\"source\":\"" + source + "\",\"detail-type\":\"" + detailType
                + "\",\"detail\":{\"runId\":\"1\",\"status\":\"" + status + "\"}}");
    }
}
