package io.omicsmonitor.templatechecks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omicsmonitor.cli.template.CfnYaml;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The Compliance profile (issue 12, "Audit trail for regulated deployments"): with Compliance=true the audit trail
 * with log file validation, Object Lock in COMPLIANCE mode, a key of its own administered by a parameter, data events
 * of the lake and the Athena results buckets, delivery to CloudWatch Logs and the retention minimums; with
 * Compliance=false, nothing of the template before it changes.
 *
 * <p>{@link #on} and {@link #off} resolve every {@code Fn::If} on {@code ComplianceOn} (and drop what resolves to
 * {@code AWS::NoValue}), leaving every other condition as written: the template as CloudFormation sees it with that
 * value of Compliance.
 */
class ComplianceProfileTest {

    static final Template T = Template.PROJECT;

    static final String COMPLIANCE_ON = "ComplianceOn";
    static final String TRAIL_ARN =
            "arn:${AWS::Partition}:cloudtrail:${AWS::Region}:${AWS::AccountId}:trail/${AWS::StackName}-lake-audit";

    /** What Compliance=true adds: each only with the condition ComplianceOn. */
    static final Set<String> PROFILE_RESOURCES =
            Set.of("ComplianceKey", "ComplianceKeyAlias", "AuditTrailLogGroup", "AuditTrailLogsRole");
    static final Set<String> PROFILE_OUTPUTS = Set.of("ComplianceKeyArn", "AuditLogGroupName");
    /** Resources of the template before the profile whose properties differ with Compliance=true. */
    static final Set<String> TOUCHED = Set.of("LogBucket", "AuditBucket", "AuditTrail");
    /**
     * Resources added after the profile that show it when it is on (issue 13: the security dashboard charts the audit
     * trail's delivery with Compliance=true). With Compliance=false they must still name nothing of the profile.
     */
    static final Set<String> SHOWS_THE_PROFILE = Set.of("SecurityDashboard");

    /** Use of a key, which its administrators must not have (CreateGrant would let them grant themselves use). */
    static final Set<String> KEY_USE = Set.of("kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo",
            "kms:GenerateDataKey", "kms:GenerateDataKeyPair", "kms:GenerateDataKeyPairWithoutPlaintext",
            "kms:GenerateDataKeyWithoutPlaintext", "kms:CreateGrant", "kms:Sign", "kms:Verify", "kms:GenerateMac",
            "kms:VerifyMac", "kms:DeriveSharedSecret", "kms:GenerateRandom");

    // ----- the parameter and its wiring -----------------------------------------------------------------------------

    @Test
    void complianceIsOffByDefaultAndImpliesTheAuditTrail() {
        JsonNode parameter = T.template.path("Parameters").path("Compliance");
        assertEquals("false", parameter.path("Default").asText(), "off by default (cost)");
        assertEquals(Set.of("true", "false"), texts(parameter.path("AllowedValues")));
        assertTrue(parameter.path("Description").asText().contains("EnableAuditTrail"),
                "the description says how Compliance relates to EnableAuditTrail");

        JsonNode conditions = T.template.path("Conditions");
        assertEquals("{\"Fn::Equals\":[{\"Ref\":\"Compliance\"},\"true\"]}", conditions.path(COMPLIANCE_ON).toString());
        List<String> trailWhen = Template.oneOrMany(conditions.path("AuditTrailEnabled").path("Fn::Or")).stream()
                .map(JsonNode::toString).toList();
        assertTrue(trailWhen.contains("{\"Condition\":\"ComplianceOn\"}"), "Compliance=true implies the trail: " + trailWhen);
        assertTrue(trailWhen.contains("{\"Fn::Equals\":[{\"Ref\":\"EnableAuditTrail\"},\"true\"]}"), trailWhen.toString());
        for (String id : List.of("AuditBucket", "AuditBucketPolicy", "AuditTrail")) {
            assertEquals("AuditTrailEnabled", T.resource(id).path("Condition").asText(), id);
        }
        PROFILE_RESOURCES.forEach(id -> assertEquals(COMPLIANCE_ON, T.resource(id).path("Condition").asText(), id));
    }

    @Test
    void theTrailValidatesItsLogFilesAndLogs() {
        JsonNode trail = on(T.resource("AuditTrail")).path("Properties");
        assertTrue(trail.path("EnableLogFileValidation").isBoolean() && trail.path("EnableLogFileValidation").asBoolean(),
                "log file validation, with or without Compliance");
        assertTrue(trail.path("IsLogging").asBoolean());
        assertEquals("${AWS::StackName}-lake-audit", Template.text(trail.path("TrailName")), "the name TRAIL_ARN assumes");
        assertEquals("AuditBucket", Template.referenced(trail.path("S3BucketName")));
        assertEquals("ComplianceKey", Template.referenced(trail.path("KMSKeyId")), "Compliance: the trail's own key");
        assertEquals("DataKey", Template.referenced(off(T.resource("AuditTrail")).path("Properties").path("KMSKeyId")));
    }

    @Test
    void theAuditBucketLocksInComplianceModeUnderItsOwnKey() {
        JsonNode bucket = on(T.resource("AuditBucket")).path("Properties");
        assertTrue(bucket.path("ObjectLockEnabled").asBoolean());
        JsonNode retention = bucket.path("ObjectLockConfiguration").path("Rule").path("DefaultRetention");
        assertEquals("COMPLIANCE", retention.path("Mode").asText(), "Compliance: no one can delete a log file early");
        assertEquals("AuditRetentionDays", Template.referenced(retention.path("Days")), "audit >= the parameter");
        JsonNode encryption = bucket.path("BucketEncryption").path("ServerSideEncryptionConfiguration").get(0);
        assertEquals("aws:kms", encryption.path("ServerSideEncryptionByDefault").path("SSEAlgorithm").asText());
        assertEquals("ComplianceKey",
                Template.referenced(encryption.path("ServerSideEncryptionByDefault").path("KMSMasterKeyID")));
        // With an S3 Bucket Key CloudTrail would need kms:Decrypt as well (CloudTrail's key policy documentation).
        assertFalse(encryption.path("BucketKeyEnabled").asBoolean(true), "no S3 Bucket Key on the Compliance key");
        assertEquals("{\"Ref\":\"AuditObjectLockMode\"}", off(T.resource("AuditBucket")).path("Properties")
                .path("ObjectLockConfiguration").path("Rule").path("DefaultRetention").path("Mode").toString());
    }

    // ----- the key ---------------------------------------------------------------------------------------------------

    @Test
    void theKeysAdministratorsAreAParameterAndMayNotUseIt() {
        JsonNode key = T.resource("ComplianceKey").path("Properties");
        assertTrue(key.path("EnableKeyRotation").asBoolean());
        assertEquals("ComplianceKey", Template.referenced(T.resource("AuditTrailLogGroup").path("Properties").path("KmsKeyId")));

        JsonNode admins = T.template.path("Parameters").path("ComplianceKeyAdmins");
        assertEquals("CommaDelimitedList", admins.path("Type").asText());
        assertEquals("", admins.path("Default").asText(), "a default, so Compliance=false needs no value");
        Pattern member = Pattern.compile(admins.path("AllowedPattern").asText());
        for (String ok : List.of("arn:aws:iam::123456789012:role/KeyAdmin", "arn:aws:iam::123456789012:user/alice",
                "arn:aws-us-gov:iam::123456789012:role/ops/KeyAdmin", "arn:aws:iam::123456789012:root")) {
            assertTrue(member.matcher(ok).matches(), ok);
        }
        for (String bad : List.of("*", "arn:aws:iam::123456789012:role/*", "arn:aws:iam::*:root",
                "arn:aws:iam::123456789012:group/admins", "arn:aws:sts::123456789012:assumed-role/Admin/x")) {
            assertFalse(member.matcher(bad).matches(), bad);
        }

        List<Template.Statement> statements = keyStatements();
        List<Template.Statement> administrators = statements.stream()
                .filter(s -> "ComplianceKeyAdmins".equals(Template.referenced(s.json().path("Principal").path("AWS"))))
                .toList();
        assertEquals(1, administrators.size(), "one statement for the administrators");
        Template.Statement administer = administrators.get(0);
        assertEquals("Allow", administer.json().path("Effect").asText());
        assertTrue(administer.actions().containsAll(List.of("kms:PutKeyPolicy", "kms:DescribeKey", "kms:EnableKey",
                "kms:DisableKey", "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion", "kms:EnableKeyRotation",
                "kms:TagResource", "kms:CreateAlias")), "administration: " + administer.actions());
        List<String> use = administer.actions().stream().filter(KEY_USE::contains).toList();
        assertEquals(List.of(), use, "the administrators must not use the key");

        // Nobody else administers it, and the account (IAM) gets only the decryption of this trail's log files.
        for (Template.Statement s : statements) {
            if (s == administer) {
                continue;
            }
            assertFalse(s.actions().contains("kms:PutKeyPolicy"), s + " may change the key policy");
            String awsPrincipal = Template.text(s.json().path("Principal").path("AWS"));
            if (!s.json().path("Principal").path("AWS").isMissingNode()) {
                assertEquals("arn:${AWS::Partition}:iam::${AWS::AccountId}:root", awsPrincipal, s.toString());
                assertEquals(List.of("kms:Decrypt"), s.actions(), s + ": the account may only decrypt");
                assertEquals(TRAIL_ARN, Template.text(s.condition("StringEquals", "kms:EncryptionContext:aws:cloudtrail:arn")),
                        s + ": only this trail's log files");
            }
        }
    }

    @Test
    void cloudTrailMayEncryptWithTheKeyOnlyForThisTrail() {
        List<Template.Statement> cloudTrail = keyStatements().stream()
                .filter(s -> s.json().path("Principal").path("Service").asText().equals("cloudtrail.amazonaws.com"))
                .toList();
        assertFalse(cloudTrail.isEmpty());
        boolean encrypts = false;
        for (Template.Statement s : cloudTrail) {
            assertEquals(TRAIL_ARN, Template.text(s.condition("StringEquals", "aws:SourceArn")), s + ": aws:SourceArn");
            assertFalse(s.actions().stream().anyMatch(a -> a.equals("kms:Decrypt") || a.startsWith("kms:ReEncrypt")),
                    s + ": CloudTrail encrypts, it never decrypts");
            if (s.actions().contains("kms:GenerateDataKey")) {
                encrypts = true;
                assertEquals(TRAIL_ARN, Template.text(s.condition("StringEquals", "kms:EncryptionContext:aws:cloudtrail:arn")),
                        s + ": the encryption context names this trail");
            }
        }
        assertTrue(encrypts, "CloudTrail may GenerateDataKey");
    }

    // ----- data events and CloudWatch Logs ---------------------------------------------------------------------------

    @Test
    void dataEventsCoverTheLakeAndTheAthenaResultsBuckets() {
        JsonNode trail = on(T.resource("AuditTrail")).path("Properties");
        assertTrue(trail.path("EventSelectors").isMissingNode(), "a trail takes basic or advanced selectors, not both");
        JsonNode selectors = trail.path("AdvancedEventSelectors");
        assertEquals(1, selectors.size());
        Map<String, JsonNode> fields = new java.util.HashMap<>();
        selectors.get(0).path("FieldSelectors").forEach(f -> fields.put(f.path("Field").asText(), f));
        assertEquals(Set.of("eventCategory", "resources.type", "resources.ARN"), fields.keySet());
        assertEquals(Set.of("Data"), texts(fields.get("eventCategory").path("Equals")));
        assertEquals(Set.of("AWS::S3::Object"), texts(fields.get("resources.type").path("Equals")));
        assertEquals(Set.of("${LakeBucket.Arn}/", "${AthenaResultsBucket.Arn}/"),
                Template.oneOrMany(fields.get("resources.ARN").path("StartsWith")).stream().map(Template::text)
                        .collect(Collectors.toSet()),
                "object events of exactly the lake and the Athena results buckets");

        JsonNode today = off(T.resource("AuditTrail")).path("Properties");
        assertTrue(today.path("AdvancedEventSelectors").isMissingNode());
        assertEquals("${LakeBucket.Arn}/", Template.text(today.path("EventSelectors").get(0).path("DataResources").get(0)
                .path("Values").get(0)));
    }

    @Test
    void theTrailIsDeliveredToAnEncryptedLogGroupThatKeepsAYear() {
        JsonNode trail = on(T.resource("AuditTrail")).path("Properties");
        assertEquals("{\"Fn::GetAtt\":[\"AuditTrailLogGroup\",\"Arn\"]}", trail.path("CloudWatchLogsLogGroupArn").toString());
        assertEquals("{\"Fn::GetAtt\":[\"AuditTrailLogsRole\",\"Arn\"]}", trail.path("CloudWatchLogsRoleArn").toString());
        JsonNode today = off(T.resource("AuditTrail")).path("Properties");
        assertTrue(today.path("CloudWatchLogsLogGroupArn").isMissingNode() && today.path("CloudWatchLogsRoleArn").isMissingNode());

        JsonNode group = T.resource("AuditTrailLogGroup").path("Properties");
        assertEquals("LogRetentionDays", Template.referenced(group.path("RetentionInDays")),
                "kept LogRetentionDays, which the Compliance rule holds at 365 or more");
        String groupArn = "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:"
                + Template.text(group.path("LogGroupName"));
        boolean logsMayUseTheKey = keyStatements().stream()
                .filter(s -> s.json().path("Principal").path("Service").toString().contains("logs."))
                .anyMatch(s -> groupArn.equals(Template.text(s.condition("ArnEquals", "kms:EncryptionContext:aws:logs:arn"))));
        assertTrue(logsMayUseTheKey, "CloudWatch Logs may use the key for " + groupArn + " (and only by that condition)");

        JsonNode role = T.resource("AuditTrailLogsRole").path("Properties");
        List<JsonNode> trust = Template.oneOrMany(role.path("AssumeRolePolicyDocument").path("Statement"));
        assertEquals(1, trust.size());
        assertEquals("cloudtrail.amazonaws.com", trust.get(0).path("Principal").path("Service").asText());
        assertEquals("{\"Ref\":\"AWS::AccountId\"}",
                trust.get(0).path("Condition").path("StringEquals").path("aws:SourceAccount").toString());
        List<Template.Statement> grants = new ArrayList<>();
        Template.oneOrMany(role.path("Policies")).forEach(p -> Template.oneOrMany(p.path("PolicyDocument").path("Statement"))
                .forEach(s -> grants.add(new Template.Statement("AuditTrailLogsRole", s))));
        assertEquals(1, grants.size());
        assertEquals(Set.of("logs:CreateLogStream", "logs:PutLogEvents"), Set.copyOf(grants.get(0).actions()));
        for (String resource : grants.get(0).resources()) {
            assertTrue(resource.contains(":log-group:${AuditTrailLogGroup}:log-stream:${AWS::AccountId}_CloudTrail_"),
                    resource + ": the trail's own streams of the audit log group only");
        }
    }

    // ----- retention minimums ----------------------------------------------------------------------------------------

    @Test
    void complianceRefusesLogRetentionUnderAYearAndMissingAdministrators() {
        Set<String> yearOrMore = new TreeSet<>();
        T.template.path("Parameters").path("LogRetentionDays").path("AllowedValues")
                .forEach(v -> {
                    if (v.asInt() >= 365) {
                        yearOrMore.add(v.asText());
                    }
                });
        assertFalse(yearOrMore.isEmpty());
        JsonNode logsRule = complianceRule("LogRetentionDays");
        JsonNode contains = logsRule.path("Assertions").get(0).path("Assert").path("Fn::Contains");
        assertEquals(yearOrMore, texts(contains.get(0)), "exactly LogRetentionDays' allowed values of 365 and more");
        assertEquals("LogRetentionDays", Template.referenced(contains.get(1)));

        JsonNode adminsRule = complianceRule("ComplianceKeyAdmins");
        assertEquals("{\"Fn::Not\":[{\"Fn::Contains\":[{\"Ref\":\"ComplianceKeyAdmins\"},\"\"]}]}",
                adminsRule.path("Assertions").get(0).path("Assert").toString(), "no empty member, so not an empty list");

        // The rule covers every log group: each keeps LogRetentionDays (or a year or more of its own).
        T.resources("AWS::Logs::LogGroup").forEach((id, g) -> {
            JsonNode days = on(g).path("Properties").path("RetentionInDays");
            assertTrue("LogRetentionDays".equals(Template.referenced(days)) || days.asInt() >= 365,
                    id + " keeps its logs " + days + " days under Compliance");
        });
    }

    @Test
    void accessLogsAreKeptAsLongAsTheAuditLogs() {
        // Every bucket that logs to another, the lake and the Athena results buckets among them.
        Set<String> destinations = new TreeSet<>();
        Set<String> logged = new TreeSet<>();
        T.resources("AWS::S3::Bucket").forEach((id, b) -> {
            JsonNode logging = on(b).path("Properties").path("LoggingConfiguration");
            if (!logging.isMissingNode()) {
                logged.add(id);
                destinations.add(Template.referenced(logging.path("DestinationBucketName")));
            }
        });
        assertTrue(logged.containsAll(List.of("LakeBucket", "AthenaResultsBucket")), "access-logged: " + logged);
        assertFalse(destinations.isEmpty());
        for (String destination : destinations) {
            List<JsonNode> expiring = new ArrayList<>();
            on(T.resource(destination)).path("Properties").path("LifecycleConfiguration").path("Rules").forEach(rule -> {
                if (rule.has("ExpirationInDays") || rule.has("ExpirationDate")) {
                    expiring.add(rule);
                }
            });
            for (JsonNode rule : expiring) {
                assertEquals("AuditRetentionDays", Template.referenced(rule.path("ExpirationInDays")),
                        destination + " rule " + rule.path("Id").asText() + ": access logs >= the audit retention");
            }
        }
    }

    // ----- Compliance=false: nothing changes -------------------------------------------------------------------------

    @Test
    void withComplianceOffTheTemplateIsTodays() {
        JsonNode today = CfnYaml.read(T.root.resolve("template-checks/src/test/resources/compliance-off-today.yaml"));

        // What the profile adds exists only with ComplianceOn; nothing else depends on it.
        Set<String> conditional = new TreeSet<>();
        T.template.path("Resources").properties().forEach(e -> {
            if (COMPLIANCE_ON.equals(e.getValue().path("Condition").asText())) {
                conditional.add(e.getKey());
            }
        });
        assertEquals(new TreeSet<>(PROFILE_RESOURCES), conditional, "the resources only Compliance=true creates");

        // Every other resource: as today. The touched ones resolve to their copy from before the profile; all the
        // rest have no Compliance in them at all.
        List<String> changed = new ArrayList<>();
        T.template.path("Resources").properties().forEach(e -> {
            String id = e.getKey();
            if (PROFILE_RESOURCES.contains(id) || SHOWS_THE_PROFILE.contains(id)) {
                return;
            }
            JsonNode expected = TOUCHED.contains(id) ? today.path("Resources").path(id) : e.getValue();
            if (!off(e.getValue()).equals(expected)) {
                changed.add(id);
            }
        });
        assertEquals(List.of(), changed, "resources that change with Compliance=false");
        TOUCHED.forEach(id -> assertFalse(on(T.resource(id)).equals(off(T.resource(id))), id + " is listed as touched"));
        SHOWS_THE_PROFILE.forEach(id -> assertFalse(on(T.resource(id)).equals(off(T.resource(id))), id + " is listed"));

        // No reference to what Compliance=false leaves out, anywhere in what it keeps.
        List<String> dangling = new ArrayList<>();
        T.template.path("Resources").properties().forEach(e -> {
            if (!PROFILE_RESOURCES.contains(e.getKey())) {
                String text = off(e.getValue()).toString();
                PROFILE_RESOURCES.forEach(p -> {
                    if (Pattern.compile("\\b" + p + "\\b").matcher(text).find()) {
                        dangling.add(e.getKey() + " -> " + p);
                    }
                });
                if (text.contains("ComplianceKeyAdmins")) {
                    dangling.add(e.getKey() + " -> ComplianceKeyAdmins");
                }
            }
        });
        assertEquals(List.of(), dangling);

        // Outputs: the profile's only with ComplianceOn, the others untouched.
        T.template.path("Outputs").properties().forEach(e -> {
            boolean profile = COMPLIANCE_ON.equals(e.getValue().path("Condition").asText());
            assertEquals(PROFILE_OUTPUTS.contains(e.getKey()), profile, e.getKey());
            if (!profile) {
                assertEquals(e.getValue(), off(e.getValue()), e.getKey());
            }
        });

        // Conditions: with ComplianceOn false, AuditTrailEnabled is today's; no other condition reads Compliance.
        T.template.path("Conditions").properties().forEach(e -> {
            String name = e.getKey();
            if (name.equals("AuditTrailEnabled")) {
                assertEquals(today.path("Conditions").path(name), withoutComplianceOn(e.getValue()), name);
            } else if (!name.equals(COMPLIANCE_ON)) {
                assertFalse(e.getValue().toString().contains("Compliance"), name + " depends on Compliance");
            }
        });

        // Rules apply only with Compliance=true: none can refuse a deployment that is valid today. (The budgets' rule
        // applies only with MonthlyBudgets set, which no deployment before issue 13 had; the reports' e-mail rule only
        // with a report sender or recipients, which none before issue 14's e-mail had.)
        Map<String, String> otherConditions = Map.of(
                "BudgetsHaveNoEmptyEntry", "{\"Fn::Not\":[{\"Fn::EachMemberEquals\":[{\"Ref\":\"MonthlyBudgets\"},\"\"]}]}",
                "ReportEmailBothOrNeither", "{\"Fn::Or\":[{\"Fn::Not\":[{\"Fn::Equals\":[{\"Ref\":\"ReportEmailSender\"},\"\"]}]},"
                        + "{\"Fn::Not\":[{\"Fn::Equals\":[{\"Ref\":\"ReportEmailRecipients\"},\"\"]}]}]}");
        T.template.path("Rules").properties().forEach(e -> assertEquals(otherConditions.getOrDefault(e.getKey(),
                "{\"Fn::Equals\":[{\"Ref\":\"Compliance\"},\"true\"]}"), e.getValue().path("RuleCondition").toString(),
                "rule " + e.getKey()));

        // The new parameters have defaults: an update with today's parameter values keeps working.
        for (String parameter : List.of("Compliance", "ComplianceKeyAdmins")) {
            assertTrue(T.template.path("Parameters").path(parameter).has("Default"), parameter);
        }
    }

    // ----- helpers ---------------------------------------------------------------------------------------------------

    /** The node as CloudFormation resolves it with Compliance=true. */
    static JsonNode on(JsonNode node) {
        return resolve(node, true);
    }

    /** The node as CloudFormation resolves it with Compliance=false. */
    static JsonNode off(JsonNode node) {
        return resolve(node, false);
    }

    private static final JsonNode NO_VALUE = JsonNodeFactory.instance.objectNode().put("Ref", "AWS::NoValue");

    /** Resolves {@code Fn::If [ComplianceOn, a, b]}; a property or list item that resolves to NoValue disappears. */
    private static JsonNode resolve(JsonNode node, boolean compliance) {
        JsonNode resolved = resolveOrNoValue(node, compliance);
        return resolved == null ? JsonNodeFactory.instance.missingNode() : resolved;
    }

    /** null for NoValue chosen by a resolved If. */
    private static JsonNode resolveOrNoValue(JsonNode node, boolean compliance) {
        if (node.isObject()) {
            JsonNode branches = node.get("Fn::If");
            if (node.size() == 1 && branches != null && COMPLIANCE_ON.equals(branches.path(0).asText())) {
                JsonNode chosen = branches.get(compliance ? 1 : 2);
                return chosen.equals(NO_VALUE) ? null : resolveOrNoValue(chosen, compliance);
            }
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            node.properties().forEach(e -> {
                JsonNode value = resolveOrNoValue(e.getValue(), compliance);
                if (value != null) {
                    copy.set(e.getKey(), value);
                }
            });
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(item -> {
                JsonNode value = resolveOrNoValue(item, compliance);
                if (value != null) {
                    copy.add(value);
                }
            });
            return copy;
        }
        return node;
    }

    /** A condition with ComplianceOn taken as false: {@code Fn::Or [x, {Condition: ComplianceOn}]} is x. */
    private static JsonNode withoutComplianceOn(JsonNode condition) {
        JsonNode or = condition.get("Fn::Or");
        if (or == null) {
            return condition;
        }
        List<JsonNode> rest = new ArrayList<>();
        or.forEach(c -> {
            if (!c.equals(JsonNodeFactory.instance.objectNode().put("Condition", COMPLIANCE_ON))) {
                rest.add(c);
            }
        });
        if (rest.size() == 1) {
            return rest.get(0);
        }
        ArrayNode kept = JsonNodeFactory.instance.arrayNode();
        rest.forEach(kept::add);
        return JsonNodeFactory.instance.objectNode().set("Fn::Or", kept);
    }

    private static List<Template.Statement> keyStatements() {
        List<Template.Statement> statements = new ArrayList<>();
        Template.oneOrMany(T.resource("ComplianceKey").path("Properties").path("KeyPolicy").path("Statement"))
                .forEach(s -> statements.add(new Template.Statement("ComplianceKey", s)));
        assertFalse(statements.isEmpty());
        return statements;
    }

    /** The one rule whose assertion reads the parameter; it applies exactly when Compliance=true. */
    private static JsonNode complianceRule(String parameter) {
        JsonNode found = null;
        for (Map.Entry<String, JsonNode> e : T.template.path("Rules").properties()) {
            if (e.getValue().path("Assertions").toString().contains("{\"Ref\":\"" + parameter + "\"}")) {
                assertEquals(null, found, "one rule on " + parameter);
                found = e.getValue();
            }
        }
        assertNotNull(found, "a rule (Rules section) on " + parameter);
        assertEquals("{\"Fn::Equals\":[{\"Ref\":\"Compliance\"},\"true\"]}", found.path("RuleCondition").toString());
        return found;
    }

    private static Set<String> texts(JsonNode list) {
        return Template.oneOrMany(list).stream().map(JsonNode::asText).collect(Collectors.toSet());
    }
}
