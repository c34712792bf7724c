package io.omicsmonitor.templatechecks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Data at rest is encrypted everywhere; bucket data moves over TLS only. */
class EncryptionAndTransportTest {

    static final Template T = Template.PROJECT;

    @Test
    void everyBucketIsEncrypted() {
        Map<String, JsonNode> buckets = T.resources("AWS::S3::Bucket");
        assertFalse(buckets.isEmpty());
        buckets.forEach((id, bucket) -> {
            JsonNode rules = bucket.path("Properties").path("BucketEncryption").path("ServerSideEncryptionConfiguration");
            assertTrue(rules.isArray() && !rules.isEmpty(), id + " has no BucketEncryption");
            rules.forEach(rule -> assertTrue(namesAnAlgorithm(rule.path("ServerSideEncryptionByDefault")),
                    id + ": every encryption rule needs an SSEAlgorithm (in each branch of an !If)"));
        });
    }

    @Test
    void everyTopicAndQueueIsEncryptedWithTheStacksKey() {
        List<String> unencrypted = new ArrayList<>();
        T.resources("AWS::SNS::Topic").forEach((id, r) -> {
            if (!r.path("Properties").has("KmsMasterKeyId")) {
                unencrypted.add(id);
            }
        });
        T.resources("AWS::SQS::Queue").forEach((id, r) -> {
            if (!r.path("Properties").has("KmsMasterKeyId")) {
                unencrypted.add(id);
            }
        });
        assertEquals(List.of(), unencrypted);
    }

    @Test
    void everyLogGroupIsEncryptedAndExpires() {
        Map<String, JsonNode> groups = T.resources("AWS::Logs::LogGroup");
        assertFalse(groups.isEmpty());
        groups.forEach((id, group) -> {
            assertTrue(group.path("Properties").has("KmsKeyId"), id + " has no KmsKeyId");
            assertTrue(group.path("Properties").has("RetentionInDays"), id + " has no RetentionInDays");
        });
    }

    @Test
    void athenaResultsAreEncrypted() {
        T.resources("AWS::Athena::WorkGroup").forEach((id, wg) -> {
            JsonNode config = wg.path("Properties").path("WorkGroupConfiguration");
            assertEquals("SSE_KMS", config.path("ResultConfiguration").path("EncryptionConfiguration")
                    .path("EncryptionOption").asText(), id + " results encryption");
            assertTrue(config.path("EnforceWorkGroupConfiguration").asBoolean(), id + " must enforce its configuration");
        });
    }

    @Test
    void everyBucketPolicyDeniesRequestsWithoutTls() {
        T.resources("AWS::S3::Bucket").keySet().forEach(bucket -> {
            boolean denies = T.resources("AWS::S3::BucketPolicy").values().stream()
                    .map(p -> p.path("Properties"))
                    .filter(p -> bucket.equals(Template.referenced(p.path("Bucket"))))
                    .flatMap(p -> Template.oneOrMany(p.path("PolicyDocument").path("Statement")).stream())
                    .map(s -> new Template.Statement(bucket, s))
                    .anyMatch(s -> s.json().path("Effect").asText().equals("Deny")
                            && s.json().path("Principal").asText().equals("*")
                            && s.condition("Bool", "aws:SecureTransport").asText().equals("false")
                            && (s.actions().contains("s3:*") || s.actions().contains("*"))
                            && s.resources().containsAll(List.of("${" + bucket + ".Arn}", "${" + bucket + ".Arn}/*")));
            assertTrue(denies, bucket + " needs a bucket policy denying s3:* on the bucket and its objects when "
                    + "aws:SecureTransport is false");
        });
    }

    private static boolean namesAnAlgorithm(JsonNode byDefault) {
        if (byDefault.has("Fn::If")) {
            JsonNode branches = byDefault.get("Fn::If");
            return namesAnAlgorithm(branches.get(1)) && namesAnAlgorithm(branches.get(2));
        }
        return !byDefault.path("SSEAlgorithm").asText().isEmpty();
    }
}
