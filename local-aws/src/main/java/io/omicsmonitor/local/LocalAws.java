package io.omicsmonitor.local;

import io.omicsmonitor.common.aws.AwsClients;
import java.net.URI;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/** SDK clients for local endpoints: loopback only, throwaway credentials that no AWS account accepts. */
public final class LocalAws {

    /** The region local runs and tests pretend to be in. */
    public static final Region REGION = Region.US_WEST_2;

    private LocalAws() {
    }

    /** The stack name local runs and tests pretend to deploy. */
    public static final String STACK = "omics-monitor";
    /** The ack function's name in local runs and tests, as CloudFormation would name it. */
    public static final String ACK_FUNCTION = "omics-monitor-AlertAckFunction-L0c4lAck";

    /**
     * The status recorder's alert variables (template.yaml sets them): the critical topic ({@code ALERT_TOPIC_ARN}) and
     * the warning topic, the stack and ack function the alert text names, the priority from which a failed run is
     * critical, and how long an alert waits for its acknowledgement.
     */
    public static Map<String, String> alertVariables(String criticalTopic, String warningTopic) {
        return Map.of("ALERT_TOPIC_ARN", criticalTopic, "WARNING_TOPIC_ARN", warningTopic, "STACK_NAME", STACK,
                "ALERT_ACK_FUNCTION", ACK_FUNCTION, "CRITICAL_RUN_PRIORITY", "100", "ESCALATION_MINUTES", "30");
    }

    /** @param endpoints by service id, as in {@link AwsClients}; {@code *} for every service */
    public static AwsClients clients(Map<String, URI> endpoints) {
        return new AwsClients(REGION,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")), endpoints);
    }
}
