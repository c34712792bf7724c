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

    /** @param endpoints by service id, as in {@link AwsClients}; {@code *} for every service */
    public static AwsClients clients(Map<String, URI> endpoints) {
        return new AwsClients(REGION,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")), endpoints);
    }
}
