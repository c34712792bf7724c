package io.omicsmonitor.templatechecks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Issue 12, "Hardening": each template change, checked. */
class HardeningTest {

    static final Template T = Template.PROJECT;

    // ---------------------------------------------------------------------------------------------------------------
    // Reserved concurrency for the recorders, sized by docs/reliability.md's burst ("A burst: 1,000 runs finishing
    // within one minute"): worst case, every run's STOPPING and terminal event and the last two status changes of each
    // of its (up to 25) tasks arrive in that minute, each event a PUT to S3 (about 50 ms in a Lambda function against
    // S3, assumed); a FAILED run's alert adds HeadObject, GetRun and Publish (about 250 ms).
    // ---------------------------------------------------------------------------------------------------------------
    static final int BURST_RUNS = 1_000;
    static final int BURST_SECONDS = 60;
    static final int EVENTS_PER_RUN = 2 + 25 * 2;
    static final double SECONDS_PER_EVENT = 0.050;
    static final double SECONDS_PER_FAILED_RUN_ALERT = 0.250;

    @Test
    void theStatusRecordersReservedConcurrencyCoversTheBurst() {
        double inFlight = (double) BURST_RUNS * EVENTS_PER_RUN / BURST_SECONDS * SECONDS_PER_EVENT
                + (double) BURST_RUNS / BURST_SECONDS * SECONDS_PER_FAILED_RUN_ALERT;
        int peak = (int) Math.ceil(inFlight);
        assertEquals(48, peak, "the figure docs/reliability.md gives");
        assertEquals("StatusRecorderConcurrency", Template.referenced(
                T.resource("StatusEventRecorderFunction").path("Properties").path("ReservedConcurrentExecutions")));
        int reserved = T.template.path("Parameters").path("StatusRecorderConcurrency").path("Default").asInt();
        assertTrue(reserved >= peak && reserved <= 2 * peak,
                "StatusRecorderConcurrency's default " + reserved + " should cover the burst's " + peak + " without hoarding");
        assertEquals("WorkflowRecorderConcurrency", Template.referenced(
                T.resource("WorkflowRecordsFunction").path("Properties").path("ReservedConcurrentExecutions")));
        assertTrue(T.template.path("Parameters").path("WorkflowRecorderConcurrency").path("Default").asInt() >= 1);
    }

    /** Reserving more than the account's concurrency minus the 100 Lambda keeps unreserved fails the deployment. */
    @Test
    void theReservationsTogetherStayFarBelowTheDefaultAccountConcurrency() {
        int total = 0;
        for (JsonNode fn : T.functions().values()) {
            String parameter = Template.referenced(fn.path("Properties").path("ReservedConcurrentExecutions"));
            assertNotNull(parameter);
            total += T.template.path("Parameters").path(parameter).path("Default").asInt();
        }
        assertTrue(total <= 1_000 - 100 - 500, "reserved by default: " + total);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // SnapStart only where Lambda offers it; the multi-Region lint in CI proves the template for every HealthOmics Region.
    // ---------------------------------------------------------------------------------------------------------------
    static final Set<String> HEALTHOMICS_REGIONS = Set.of("us-east-1", "us-west-2", "eu-west-1", "eu-west-2",
            "eu-central-1", "ap-southeast-1", "ap-northeast-2", "il-central-1");
    /** HealthOmics Regions without Lambda SnapStart (cfn-lint E2530). */
    static final Set<String> NO_SNAPSTART = Set.of("il-central-1");

    @Test
    void snapStartIsOnOnlyInRegionsThatHaveIt() {
        JsonNode snapStart = T.template.path("Globals").path("Function").path("SnapStart");
        JsonNode applyOn = snapStart.path("ApplyOn").path("Fn::If");
        assertEquals(3, applyOn.size(), "Globals SnapStart.ApplyOn: !If [<condition>, PublishedVersions, None], got " + snapStart);
        assertEquals("PublishedVersions", applyOn.get(1).asText());
        assertEquals("None", applyOn.get(2).asText());
        JsonNode condition = T.template.path("Conditions").path(applyOn.get(0).asText());
        Set<String> regions = new TreeSet<>();
        for (JsonNode equals : Template.oneOrMany(condition.path("Fn::Or"))) {
            JsonNode args = equals.path("Fn::Equals");
            assertEquals("{\"Ref\":\"AWS::Region\"}", args.get(0).toString(), "a Region test: " + equals);
            regions.add(args.get(1).asText());
        }
        Set<String> expected = new TreeSet<>(HEALTHOMICS_REGIONS);
        expected.removeAll(NO_SNAPSTART);
        assertEquals(expected, regions, "SnapStart in every HealthOmics Region that has it, and no other");
        T.functions().forEach((name, fn) -> assertTrue(fn.path("Properties").path("SnapStart").isMissingNode(),
                name + " sets SnapStart itself, past the Region condition"));
    }

    @Test
    void ciLintsTheTemplateForEveryHealthOmicsRegion() throws IOException {
        String ci = Files.readString(T.root.resolve(".ci/run"));
        var m = Pattern.compile("HEALTHOMICS_REGIONS=\\(([^)]*)\\)").matcher(ci);
        assertTrue(m.find(), ".ci/run names the HealthOmics Regions");
        assertEquals(HEALTHOMICS_REGIONS, Set.of(m.group(1).trim().split("\\s+")));
        assertTrue(ci.contains("cfn-lint --regions \"${HEALTHOMICS_REGIONS[@]}\" -- template.yaml"), ".ci/run lints them");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The alert topic: who may publish, and the data-protection audit.
    // ---------------------------------------------------------------------------------------------------------------
    static List<JsonNode> topicStatements() {
        JsonNode policy = T.resource("AlertTopicPolicy").path("Properties");
        assertEquals("AlertTopic", Template.referenced(policy.path("Topics").get(0)));
        return Template.oneOrMany(policy.path("PolicyDocument").path("Statement"));
    }

    /** EventBridge may publish only for the stack's rules that target the topic, each named by its ARN. */
    @Test
    void eventBridgeMayPublishOnlyForTheRulesThatTargetTheTopic() {
        Set<String> targeting = new TreeSet<>();
        T.resources("AWS::Events::Rule").forEach((id, r) -> {
            if (Template.oneOrMany(r.path("Properties").path("Targets")).stream()
                    .anyMatch(t -> "AlertTopic".equals(Template.referenced(t.path("Arn"))))) {
                targeting.add(id);
            }
        });
        assertFalse(targeting.isEmpty(), "the crawler's failure rule targets the topic");
        List<JsonNode> grants = topicStatements().stream()
                .filter(s -> s.path("Principal").path("Service").toString().contains("events.amazonaws.com")).toList();
        assertEquals(1, grants.size(), "one statement for EventBridge");
        JsonNode grant = grants.get(0);
        assertEquals("\"events.amazonaws.com\"", grant.path("Principal").path("Service").toString(), "EventBridge alone");
        Set<String> named = new TreeSet<>();
        Template.oneOrMany(grant.path("Condition").path("ArnEquals").path("aws:SourceArn")).forEach(arn -> {
            assertEquals("Arn", arn.path("Fn::GetAtt").get(1).asText(), arn.toString());
            named.add(Template.referenced(arn));
        });
        assertEquals(targeting, named, "aws:SourceArn: exactly the rules that target the topic");
        assertEquals("{\"Ref\":\"AWS::AccountId\"}",
                grant.path("Condition").path("StringEquals").path("aws:SourceAccount").toString());
    }

    /** CloudWatch may publish only for this stack's alarms, whose generated names start with the stack's name. */
    @Test
    void cloudWatchMayPublishOnlyForTheStacksAlarms() {
        List<JsonNode> grants = topicStatements().stream()
                .filter(s -> s.path("Principal").path("Service").toString().contains("cloudwatch.amazonaws.com")).toList();
        assertEquals(1, grants.size());
        JsonNode grant = grants.get(0);
        assertEquals("\"cloudwatch.amazonaws.com\"", grant.path("Principal").path("Service").toString());
        assertEquals("arn:${AWS::Partition}:cloudwatch:${AWS::Region}:${AWS::AccountId}:alarm:${AWS::StackName}-*",
                Template.text(grant.path("Condition").path("ArnLike").path("aws:SourceArn")));
        assertEquals("{\"Ref\":\"AWS::AccountId\"}",
                grant.path("Condition").path("StringEquals").path("aws:SourceAccount").toString());
        List<String> named = new ArrayList<>();
        for (String type : List.of("AWS::CloudWatch::Alarm", "AWS::CloudWatch::CompositeAlarm")) {
            T.resources(type).forEach((id, a) -> {
                if (a.path("Properties").has("AlarmName")) {
                    named.add(id);
                }
            });
        }
        assertEquals(List.of(), named, "an AlarmName of one's own may not start with the stack's name: its alerts "
                + "would be refused by the topic policy");
    }

    @Test
    void theAlertTopicHasADataProtectionAuditWhenAskedFor() {
        JsonNode policy = T.resource("AlertTopic").path("Properties").path("DataProtectionPolicy").path("Fn::If");
        assertEquals(3, policy.size(), "DataProtectionPolicy: !If [AlertTopicDataProtectionOn, <policy>, !Ref AWS::NoValue]");
        assertEquals("AlertTopicDataProtectionOn", policy.get(0).asText());
        assertEquals("{\"Ref\":\"AWS::NoValue\"}", policy.get(2).toString());
        assertEquals("{\"Fn::Equals\":[{\"Ref\":\"AlertTopicDataProtection\"},\"true\"]}",
                T.template.path("Conditions").path("AlertTopicDataProtectionOn").toString());
        List<JsonNode> statements = Template.oneOrMany(policy.get(1).path("Statement"));
        assertEquals(1, statements.size(), "one audit statement (SNS allows one)");
        JsonNode audit = statements.get(0);
        assertEquals("Inbound", audit.path("DataDirection").asText());
        assertTrue(audit.path("Operation").has("Audit"), "audit only: nothing blocked or masked");
        assertEquals(1, audit.path("Operation").size());
        assertFalse(Template.oneOrMany(audit.path("DataIdentifier")).isEmpty());
        Template.oneOrMany(audit.path("DataIdentifier")).forEach(id -> assertTrue(
                Template.text(id).startsWith("arn:${AWS::Partition}:dataprotection::aws:data-identifier/"), id.toString()));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // ManifestLogGroup goes into IAM ARNs: no wildcard can come in through it.
    // ---------------------------------------------------------------------------------------------------------------
    @Test
    void theManifestLogGroupParameterTakesOnlyALogGroupName() {
        JsonNode parameter = T.template.path("Parameters").path("ManifestLogGroup");
        Pattern pattern = Pattern.compile(parameter.path("AllowedPattern").asText());
        assertTrue(pattern.matcher(parameter.path("Default").asText()).matches());
        for (String ok : List.of("/aws/omics/WorkflowLog", "/aws/omics/Workflow-Log_2.x#1")) {
            assertTrue(pattern.matcher(ok).matches(), ok);
        }
        for (String bad : List.of("*", "/aws/omics/*", "/aws/omics/Workflow?og", "a:log-stream:x", "", "a b",
                "/aws/omics/WorkflowLog\n", "x".repeat(513))) {
            assertFalse(pattern.matcher(bad).matches(), "accepted " + bad);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The remaining wide grants, narrowed.
    // ---------------------------------------------------------------------------------------------------------------
    static List<Template.Statement> roleStatements(String role) {
        List<Template.Statement> statements = new ArrayList<>();
        for (JsonNode policy : Template.oneOrMany(T.resource(role).path("Properties").path("Policies"))) {
            Template.oneOrMany(policy.path("PolicyDocument").path("Statement"))
                    .forEach(s -> statements.add(new Template.Statement(role, s)));
        }
        return statements;
    }

    /**
     * The recorder only looks up the records of what it alerts (HeadObject: a FAILED run's, a FAILED workflow's, a
     * security event's), so that a redelivery is not alerted twice; it never reads a task's.
     */
    @Test
    void theStatusRecorderReadsAndListsOnlyTheRecordsOfAlertedEvents() {
        for (Template.Statement s : roleStatements("StatusEventRecorderRole")) {
            if (s.actions().contains("s3:GetObject")) {
                assertEquals(List.of("${LakeBucket.Arn}/${LakePrefix}/run_status_events/*",
                        "${LakeBucket.Arn}/${LakePrefix}/workflow_status_events/*",
                        "${LakeBucket.Arn}/${LakePrefix}/security_events/*"), s.resources(), s.toString());
            }
            if (s.actions().contains("s3:ListBucket")) {
                assertEquals(List.of("${LakePrefix}/run_status_events/*", "${LakePrefix}/workflow_status_events/*",
                                "${LakePrefix}/security_events/*"),
                        Template.oneOrMany(s.condition("StringLike", "s3:prefix")).stream().map(Template::text).toList(),
                        s.toString());
            }
        }
    }

    /** The crawler reads and lists exactly its targets: not _state/, not run_analysis_csv/, not the whole lake. */
    @Test
    void theCrawlerReachesOnlyItsTargets() {
        Set<String> tables = new TreeSet<>();
        T.resources("AWS::Glue::Crawler").values().forEach(c -> Template.oneOrMany(
                c.path("Properties").path("Targets").path("S3Targets")).forEach(t -> {
                    String path = Template.text(t.path("Path"));
                    assertTrue(path.startsWith("s3://${LakeBucket}/${LakePrefix}/") && path.endsWith("/"), path);
                    tables.add(path.substring("s3://${LakeBucket}/${LakePrefix}/".length(), path.length() - 1));
                }));
        Set<String> read = new TreeSet<>();
        Set<String> listed = new TreeSet<>();
        for (Template.Statement s : roleStatements("CrawlerRole")) {
            if (s.actions().contains("s3:GetObject")) {
                read.addAll(s.resources());
            }
            if (s.actions().contains("s3:ListBucket")) {
                Template.oneOrMany(s.condition("StringLike", "s3:prefix")).forEach(p -> listed.add(Template.text(p)));
            }
            assertFalse(s.actions().stream().anyMatch(a -> a.startsWith("s3:") && !a.equals("s3:GetObject")
                    && !a.equals("s3:ListBucket")), s + ": the crawler only reads");
        }
        assertEquals(new TreeSet<>(tables.stream().map(t -> "${LakeBucket.Arn}/${LakePrefix}/" + t + "/*").toList()), read);
        assertEquals(new TreeSet<>(tables.stream().map(t -> "${LakePrefix}/" + t + "/*").toList()), listed);
    }

    /** Glue may assume the crawler's role only for this account's crawlers (confused deputy). */
    @Test
    void theCrawlersTrustNamesThisAccount() {
        List<JsonNode> trust = Template.oneOrMany(T.resource("CrawlerRole").path("Properties")
                .path("AssumeRolePolicyDocument").path("Statement"));
        assertEquals(1, trust.size());
        assertEquals("glue.amazonaws.com", trust.get(0).path("Principal").path("Service").asText());
        assertEquals("{\"Ref\":\"AWS::AccountId\"}",
                trust.get(0).path("Condition").path("StringEquals").path("aws:SourceAccount").toString());
    }

    /** CloudWatch Logs may use the key only for the stack's own log groups, and every one of them is among those. */
    @Test
    void theKeysLogsStatementCoversOnlyTheStacksLogGroups() {
        JsonNode statement = null;
        for (JsonNode s : Template.oneOrMany(T.resource("DataKey").path("Properties").path("KeyPolicy").path("Statement"))) {
            if (s.path("Principal").path("Service").toString().contains("logs.")) {
                statement = s;
            }
        }
        assertNotNull(statement, "a key statement for CloudWatch Logs");
        String prefix = "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:";
        List<Pattern> allowed = new ArrayList<>();
        for (JsonNode arn : Template.oneOrMany(statement.path("Condition").path("ArnLike").path("kms:EncryptionContext:aws:logs:arn"))) {
            String text = Template.text(arn);
            assertTrue(text.startsWith(prefix), text);
            String name = text.substring(prefix.length());
            assertTrue(name.contains("${AWS::StackName}"), name + ": a pattern of this stack's log groups only");
            allowed.add(glob(name));
        }
        assertFalse(allowed.isEmpty());
        Map<String, JsonNode> groups = T.resources("AWS::Logs::LogGroup");
        assertFalse(groups.isEmpty());
        groups.forEach((id, g) -> {
            String name = Template.text(g.path("Properties").path("LogGroupName"))
                    // the crawler's: /aws-glue/crawlers-role/<role name>-<security configuration, named <stack>-crawler>
                    .replace("${CrawlerSecurityConfiguration}", "${AWS::StackName}-crawler");
            assertTrue(allowed.stream().anyMatch(p -> p.matcher(name).matches()),
                    id + " (" + name + ") is encrypted with the key, but the key's Logs statement does not cover it");
        });
    }

    /**
     * The log readers ask GetRun for every finished run (manifest-logs' OmicsRuns): its tags and run group, and
     * whether a run without a manifest ever started. So both roles may call GetRun, on this account's runs only.
     */
    @Test
    void theLogReadersMayAskGetRunWhetherARunStarted() {
        for (String role : List.of("ManifestProcessorRole", "RunAnalyzerRole")) {
            List<Template.Statement> getRun = roleStatements(role).stream()
                    .filter(s -> s.actions().contains("omics:GetRun")).toList();
            assertEquals(1, getRun.size(), role + ": one statement allows omics:GetRun");
            assertEquals(List.of("omics:GetRun"), getRun.get(0).actions(), role);
            assertEquals(List.of("arn:${AWS::Partition}:omics:${AWS::Region}:${AWS::AccountId}:run/*"),
                    getRun.get(0).resources(), role);
        }
    }

    /** IAM's ArnLike: '*' any run of characters, '?' one, everything else literal. */
    private static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString());
    }
}
