package io.omicsmonitor.cli;

import java.net.URI;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import io.omicsmonitor.common.aws.AwsClients;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;

/**
 * The options of a command that calls AWS from the user's machine ({@code @Mixin}): {@code --region},
 * {@code --profile} and {@code --endpoint-url}, resolved the way the AWS CLI resolves them: the option, else
 * {@code AWS_REGION} / {@code AWS_DEFAULT_REGION} / the profile's region; the option, else {@code AWS_PROFILE}; the
 * option, else {@code AWS_ENDPOINT_URL}, and per service {@code AWS_ENDPOINT_URL_<SERVICE>}.
 */
public final class AwsOptions {

    /** Builds the SDK clients' shared settings for a region, a profile (or null) and endpoint overrides. */
    public interface ClientFactory {
        AwsClients create(Region region, String profile, Map<String, URI> endpoints);
    }

    /** The command line's clients: the user's credentials, the profile's or the default chain's. */
    public static final ClientFactory USER_CREDENTIALS = (region, profile, endpoints) -> new AwsClients(region,
            profile == null ? DefaultCredentialsProvider.builder().build()
                    : DefaultCredentialsProvider.builder().profileName(profile).build(), endpoints);

    @Option(names = "--region", paramLabel = "REGION", description = "The AWS region (default: AWS_REGION, or the "
            + "profile's region).")
    String region;

    @Option(names = "--profile", paramLabel = "PROFILE", description = "The AWS profile (default: AWS_PROFILE, or the "
            + "default credentials chain).")
    String profile;

    @Option(names = "--endpoint-url", paramLabel = "URL", description = "Send every AWS call to this endpoint (local "
            + "stubs, tests); AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE> work too.")
    String endpointUrl;

    /** The clients' settings for {@code region}: the profile's (or default) credentials, the endpoint overrides. */
    public AwsClients clients(ClientFactory factory, Region region, Map<String, String> environment,
                              String... services) {
        return factory.create(region, profile(environment), endpoints(environment, services));
    }

    /** The region, or empty when neither the option, the environment nor the profile names one. */
    public Optional<Region> region(Map<String, String> environment) {
        return Optional.ofNullable(region)
                .or(() -> Optional.ofNullable(environment.get("AWS_REGION")))
                .or(() -> Optional.ofNullable(environment.get("AWS_DEFAULT_REGION")))
                .or(() -> profileRegion(environment))
                .filter(r -> !r.isBlank())
                .map(Region::of);
    }

    /** The profile to take credentials from, or null for the default credentials chain. */
    private String profile(Map<String, String> environment) {
        return profile != null ? profile : environment.get("AWS_PROFILE");
    }

    /** Endpoint overrides by service id ({@code *} for all), as {@link io.omicsmonitor.common.aws.AwsClients} takes them. */
    private Map<String, URI> endpoints(Map<String, String> environment, String... services) {
        Map<String, URI> endpoints = new HashMap<>();
        Optional.ofNullable(endpointUrl).or(() -> Optional.ofNullable(environment.get("AWS_ENDPOINT_URL")))
                .ifPresent(url -> endpoints.put("*", URI.create(url)));
        for (String service : services) {
            Optional.ofNullable(environment.get("AWS_ENDPOINT_URL_" + service.toUpperCase(Locale.ROOT)))
                    .ifPresent(url -> endpoints.put(service, URI.create(url)));
        }
        return endpoints;
    }

    private Optional<String> profileRegion(Map<String, String> environment) {
        String name = profile(environment);
        try {
            return ProfileFile.defaultProfileFile().profile(name == null ? "default" : name)
                    .flatMap(p -> p.property("region"));
        } catch (RuntimeException e) {
            return Optional.empty(); // no profile file, or one that cannot be read: no region from it
        }
    }
}
