package io.omicsmonitor.templatechecks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.omicsmonitor.common.lake.Tables;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each function's role allows what the function does and nothing more; no policy anywhere allows a '*' action. */
class LeastPrivilegeTest {

    static final Template T = Template.PROJECT;

    /** custom-metrics' markers of published events: its own folder under the lake's _state/, not a table. */
    static final String METRICS_STATE = "_state/custom-metrics";

    /** The lake prefixes (tables, or a folder under _state/) each function writes: its role may touch these and no other. */
    /** The escalation's state (issue 16): alert records (the escalation function) and acknowledgements (the ack's). */
    static final String ALERT_STATE = "_state/alerts";

    static final Map<String, Set<String>> OWN_TABLES = Map.of(
            "StatusEventRecorderFunction", Set.of(Tables.RUN_STATUS_EVENTS, Tables.TASK_STATUS_EVENTS,
                    Tables.WORKFLOW_STATUS_EVENTS, Tables.SECURITY_EVENTS),
            "WorkflowRecordsFunction", Set.of(Tables.WORKFLOWS, Tables.WORKFLOW_VERSIONS),
            "ManifestProcessorFunction", Set.of(Tables.RUNS, Tables.TASKS),
            "RunAnalyzerFunction", Set.of(Tables.RUN_ANALYSIS, "run_analysis_csv"),
            "CustomMetricsFunction", Set.of(METRICS_STATE),
            "BudgetMonitorFunction", Set.of(),
            "ReportGeneratorFunction", Set.of(),
            "AlertEscalationFunction", Set.of(ALERT_STATE),
            "AlertAckFunction", Set.of(ALERT_STATE));

    /**
     * The lake prefixes a function may only read: budget-monitor's Athena query reads run_analysis, raw and compacted
     * (Athena reads the objects as the caller).
     */
    static final Map<String, Set<String>> READ_ONLY = Map.of(
            "BudgetMonitorFunction", Set.of(Tables.RUN_ANALYSIS, "compacted/" + Tables.RUN_ANALYSIS),
            // the scheduled reports' queries (issue 14): the status events and run_analysis, raw and compacted
            "ReportGeneratorFunction", Set.of(Tables.RUN_STATUS_EVENTS, "compacted/" + Tables.RUN_STATUS_EVENTS,
                    Tables.TASK_STATUS_EVENTS, "compacted/" + Tables.TASK_STATUS_EVENTS,
                    Tables.RUN_ANALYSIS, "compacted/" + Tables.RUN_ANALYSIS));

    /** Objects a function writes outside the lake's prefix: the scheduled reports, which the crawler must not read. */
    static final Map<String, Set<String>> OUTSIDE_THE_LAKE = Map.of(
            "ReportGeneratorFunction", Set.of("${LakeBucket.Arn}/reports/*"));

    /**
     * Objects outside the lake a function only reads, and the prefix it may list to find them: report-generator's
     * marker that a report's e-mail was sent (only when the reports are e-mailed: ReportGeneratorEmailPolicy).
     */
    static final Map<String, Set<String>> READ_OUTSIDE_THE_LAKE = Map.of(
            "ReportGeneratorFunction", Set.of("${LakeBucket.Arn}/reports/*/email-sent.json"));
    static final Map<String, Set<String>> LISTED_OUTSIDE_THE_LAKE = Map.of(
            "ReportGeneratorFunction", Set.of("reports/*"));

    /**
     * Functions that run Athena queries in the stack's workgroup: Athena writes the results, as the caller, under the
     * workgroup's output location, and locates both buckets.
     */
    static final Set<String> QUERY_ATHENA = Set.of("BudgetMonitorFunction", "ReportGeneratorFunction");
    static final String RESULTS = "${AthenaResultsBucket.Arn}/results/*";

    static Stream<String> functions() {
        return T.functions().keySet().stream();
    }

    @Test
    void everyFunctionOfTheTemplateIsListedWithItsTables() {
        assertEquals(new TreeSet<>(OWN_TABLES.keySet()), new TreeSet<>(T.functions().keySet()),
                "a new function must say here which lake prefixes it writes");
    }

    @Test
    void everyFunctionHasARoleOfItsOwn() {
        List<String> roles = T.functions().keySet().stream().map(LeastPrivilegeTest::role).toList();
        assertEquals(roles.size(), Set.copyOf(roles).size(), "functions share a role: " + roles);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void s3PermissionsNameOnlyTheFunctionsOwnPrefixes(String function) {
        Set<String> objects = OWN_TABLES.get(function).stream()
                .map(t -> "${LakeBucket.Arn}/${LakePrefix}/" + t + "/*").collect(Collectors.toSet());
        objects.addAll(OUTSIDE_THE_LAKE.getOrDefault(function, Set.of()));
        Set<String> listable = OWN_TABLES.get(function).stream()
                .map(t -> "${LakePrefix}/" + t + "/*").collect(Collectors.toCollection(TreeSet::new));
        Set<String> readOnly = READ_ONLY.getOrDefault(function, Set.of()).stream()
                .map(t -> "${LakeBucket.Arn}/${LakePrefix}/" + t + "/*").collect(Collectors.toSet());
        READ_ONLY.getOrDefault(function, Set.of()).forEach(t -> listable.add("${LakePrefix}/" + t + "/*"));
        readOnly.addAll(READ_OUTSIDE_THE_LAKE.getOrDefault(function, Set.of()));
        listable.addAll(LISTED_OUTSIDE_THE_LAKE.getOrDefault(function, Set.of()));
        boolean athena = QUERY_ATHENA.contains(function);
        Set<String> written = new TreeSet<>();
        for (Template.Statement s : statements(role(function))) {
            List<String> s3 = s.actions().stream().filter(a -> a.startsWith("s3:")).toList();
            if (s3.isEmpty()) {
                continue;
            }
            assertEquals(s.actions(), s3, s + ": keep S3 actions in statements of their own");
            if (s3.contains("s3:GetBucketLocation")) {
                assertTrue(athena, s + ": only a function that queries Athena locates buckets");
                assertEquals(List.of("s3:GetBucketLocation"), s3, s + ": GetBucketLocation apart");
                assertEquals(List.of("${LakeBucket.Arn}", "${AthenaResultsBucket.Arn}"), s.resources(), s.toString());
            } else if (s3.contains("s3:ListBucket") && s.resources().equals(List.of("${AthenaResultsBucket.Arn}"))) {
                assertTrue(athena, s + ": only a function that queries Athena lists its results");
                assertEquals(List.of("results/*"), Template.oneOrMany(s.condition("StringLike", "s3:prefix")).stream()
                        .map(Template::text).toList(), s + ": the workgroup's results only");
            } else if (s3.contains("s3:ListBucket")) {
                assertEquals(List.of("s3:ListBucket"), s3, s + ": ListBucket (a bucket action) apart from object actions");
                assertEquals(List.of("${LakeBucket.Arn}"), s.resources(), s + ": ListBucket on the lake bucket only");
                List<String> prefixes = Template.oneOrMany(s.condition("StringLike", "s3:prefix")).stream()
                        .map(Template::text).toList();
                assertFalse(prefixes.isEmpty(), s + ": ListBucket without an s3:prefix condition lists the whole lake");
                prefixes.forEach(p -> assertTrue(listable.contains(p), s + ": lists " + p + ", not one of its own " + listable));
            } else if (athena && s.resources().equals(List.of(RESULTS))) {
                assertEquals(List.of("s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload"), s3,
                        s + ": what Athena does with the results as the caller");
            } else {
                for (String resource : s.resources()) {
                    assertTrue(objects.contains(resource) || readOnly.contains(resource) && s3.equals(List.of("s3:GetObject")),
                            s + ": " + resource + " is not one of its own prefixes " + objects + " nor read-only " + readOnly);
                }
                if (s3.contains("s3:PutObject")) {
                    written.addAll(s.resources());
                }
            }
        }
        assertEquals(new TreeSet<>(objects), written, function + " must be able to write each of its own tables");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void logsPermissionsNameOnlyItsLogGroupAndTheManifests(String function) {
        String ownLogGroup = "${" + Template.referenced(T.functionProperty(function, "LoggingConfig").path("LogGroup")) + ".Arn}";
        for (Template.Statement s : statements(role(function))) {
            if (s.actions().stream().noneMatch(a -> a.startsWith("logs:"))) {
                continue;
            }
            for (String resource : s.resources()) {
                assertTrue(resource.equals(ownLogGroup) || resource.contains(":log-group:${ManifestLogGroup}:"),
                        s + ": " + resource + " is neither its own log group nor the manifest log group");
            }
        }
    }

    @Test
    void putMetricDataIsLimitedToTheMetricsNamespace() {
        List<Template.Statement> found = new ArrayList<>();
        T.forEachStatement(s -> {
            if (s.actions().contains("cloudwatch:PutMetricData")) {
                found.add(s);
                assertEquals("MetricsNamespace", Template.referenced(s.condition("StringEquals", "cloudwatch:namespace")),
                        s + ": PutMetricData must be conditioned on cloudwatch:namespace = !Ref MetricsNamespace");
            }
        });
        assertEquals(List.of("CustomMetricsRole", "BudgetMonitorRole"),
                found.stream().map(Template.Statement::owner).toList());
    }

    /**
     * The reports' e-mail (issue 14): only report-generator sends, only when the stack names a sender (a policy of
     * its own, conditional), only ses:SendEmail, only as that address, through its address or domain identity.
     */
    @Test
    void onlyReportGeneratorSendsEmailAsTheReportSenderAndOnlyWhenOneIsSet() {
        List<Template.Statement> found = new ArrayList<>();
        T.forEachStatement(s -> {
            if (s.actions().stream().anyMatch(a -> a.startsWith("ses:"))) {
                found.add(s);
            }
        });
        assertEquals(List.of("ReportGeneratorEmailPolicy statement SendAsTheReportSender"),
                found.stream().map(Template.Statement::toString).toList());
        Template.Statement send = found.get(0);
        assertEquals(List.of("ses:SendEmail"), send.actions());
        assertEquals("arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/${ReportEmailSender}",
                send.resources().get(0));
        assertTrue(send.resources().get(1).contains(":identity/${Domain}") && send.resources().get(1)
                .contains("{\"Fn::Select\":[1,{\"Fn::Split\":[\"@\",{\"Ref\":\"ReportEmailSender\"}]}]}"),
                "the sender's domain identity: " + send.resources().get(1));
        assertEquals(2, send.resources().size());
        assertEquals("ReportEmailSender", Template.referenced(send.condition("StringEquals", "ses:FromAddress")));
        JsonNode policy = T.resource("ReportGeneratorEmailPolicy");
        assertEquals("SendsReportEmail", policy.path("Condition").asText());
        assertEquals("ReportGeneratorRole", Template.referenced(policy.path("Properties").path("RoleName")));
    }

    /**
     * The daily report's figures: GetMetricData has no resource-level permissions, so its statement is '*'; only
     * report-generator's role (and the chat channel's, for its alarm cards) reads metrics, and nothing else rides along.
     */
    @Test
    void getMetricDataIsAStatementOfItsOwn() {
        List<String> owners = new ArrayList<>();
        T.forEachStatement(s -> {
            if (s.actions().contains("cloudwatch:GetMetricData")) {
                owners.add(s.owner());
                if (s.owner().equals("ReportGeneratorRole")) {
                    assertEquals(List.of("cloudwatch:GetMetricData"), s.actions(), s.toString());
                    assertEquals(List.of("*"), s.resources(), s.toString());
                }
            }
        });
        assertEquals(List.of("ChatChannelPolicy", "ReportGeneratorRole"), owners);
    }

    /** A wildcard in a Deny only widens the denial (the TLS-only policies deny s3:* and sqs:*); in an Allow, never. */
    @Test
    void noPolicyAllowsAWildcardAction() {
        List<String> problems = new ArrayList<>();
        T.forEachStatement(s -> {
            if (s.json().has("NotAction")) {
                problems.add(s + " uses NotAction");
            }
            if (!s.json().path("Effect").asText().equals("Deny")) {
                s.actions().stream().filter(a -> a.contains("*")).forEach(a -> problems.add(s + " allows " + a));
            }
        });
        assertEquals(List.of(), problems);
    }

    private static String role(String function) {
        String role = Template.referenced(T.functionProperty(function, "Role"));
        assertNotNull(role, () -> function + " must use a role of this template (Role: !GetAtt XRole.Arn), not SAM's default");
        return role;
    }

    private static List<Template.Statement> statements(String role) {
        List<Template.Statement> statements = new ArrayList<>();
        for (JsonNode policy : Template.oneOrMany(T.resource(role).path("Properties").path("Policies"))) {
            Template.oneOrMany(policy.path("PolicyDocument").path("Statement"))
                    .forEach(s -> statements.add(new Template.Statement(role, s)));
        }
        if (statements.isEmpty()) {
            fail(role + " has no inline policy");
        }
        // and the policies of their own attached to it (a conditional one: report-generator's e-mail)
        T.resources("AWS::IAM::RolePolicy").forEach((id, policy) -> {
            if (role.equals(Template.referenced(policy.path("Properties").path("RoleName")))) {
                Template.oneOrMany(policy.path("Properties").path("PolicyDocument").path("Statement"))
                        .forEach(s -> statements.add(new Template.Statement(id, s)));
            }
        });
        return statements;
    }
}
