package io.omicsmonitor.cli.invoke;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.omicsmonitor.cli.ProjectFiles;
import io.omicsmonitor.cli.UserError;
import io.omicsmonitor.cli.local.EmbeddedAws;
import io.omicsmonitor.cli.local.LocalFunctions;
import io.omicsmonitor.cli.local.LocalPrices;
import io.omicsmonitor.cli.local.PriceListResponses;
import io.omicsmonitor.cli.local.RecordedData;
import io.omicsmonitor.cli.template.EventPattern;
import io.omicsmonitor.cli.template.FunctionDefinition;
import io.omicsmonitor.cli.template.FunctionEnvironment;
import io.omicsmonitor.cli.template.Intrinsics;
import io.omicsmonitor.cli.template.SamTemplate;
import io.omicsmonitor.common.Env;
import io.omicsmonitor.common.aws.AwsClients;
import io.omicsmonitor.common.lake.LakeLocation;
import io.omicsmonitor.common.log.Log;
import io.omicsmonitor.mapper.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** {@code invoke}: one function of template.yaml, in this process, like {@code sam local invoke} without Docker. */
@Command(name = "invoke", mixinStandardHelpOptions = true,
        description = {"Runs one function of template.yaml on an event, like `sam local invoke` without Docker.", "",
            "The handler class and environment come from the template; the function runs in this process.",
            "By default against embedded local AWS: S3 on the lake folder, HealthOmics/CloudWatch Logs/Price List "
                + "answered from events/recorded/, SNS/EventBridge/CloudWatch calls captured. With --aws against a real "
                + "account (default credentials chain and region).",
            "Prints the function's JSON result; on failure prints the error as Lambda does and exits 1.", ""},
        footer = {"", "Examples:",
            "  omics-monitor invoke status-event-recorder -e events/run-failed.json",
            "  omics-monitor invoke ManifestProcessorFunction -e events/run-completed.json",
            "  omics-monitor invoke status-event-recorder -e events/run-failed.json --aws \\",
            "      --env LAKE_BUCKET=my-lake-bucket --env ALERT_TOPIC_ARN=arn:aws:sns:us-west-2:111122223333:alerts"})
public final class InvokeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FUNCTION",
            description = "The function: its logical id (StatusEventRecorderFunction) or short name (status-event-recorder).")
    String function;

    @Option(names = {"-e", "--event"}, paramLabel = "EVENT.json", required = true, description = "The event file.")
    Path eventFile;

    @Option(names = "--aws", description = "Run against the real AWS account of the default credentials chain.")
    boolean aws;

    @Option(names = "--env", paramLabel = "NAME=VALUE",
            description = "Set or override one of the function's environment variables (repeatable).")
    Map<String, String> env = new LinkedHashMap<>();

    @Option(names = "--prices", paramLabel = "FILE",
            description = "Locally: a private price book (the format of analyze --prices) for the run analyzer, uploaded "
                    + "to the local S3 and named by PRICE_BOOK_URI, as PriceBookUri does in the stack. With --aws, set "
                    + "--env PRICE_BOOK_URI=s3://bucket/key instead.")
    Path prices;

    @Option(names = "--discount", paramLabel = "F",
            description = "A discount off every price the run analyzer uses, from 0 to below 1 (0.15 = 15% off): "
                    + "PRICE_DISCOUNT, as PriceDiscount sets it in the stack.")
    String discount;

    @Option(names = "--region", paramLabel = "R", description = "With --aws: the region (default: AWS_REGION, then the profile's).")
    String region;

    @Option(names = "--lake", paramLabel = "DIR", defaultValue = ProjectFiles.DEFAULT_LAKE,
            description = "Locally: the folder the embedded S3 keeps its buckets in (default: ${DEFAULT-VALUE}).")
    Path lake;

    @Option(names = "--template", paramLabel = "FILE", description = "The SAM template (default: the project's template.yaml).")
    Path templateFile;

    @Override
    public Integer call() {
        ProjectFiles project = ProjectFiles.locate();
        SamTemplate template = SamTemplate.read(templateFile != null ? templateFile : project.template());
        FunctionDefinition definition = template.function(function);
        byte[] event = readEvent(eventFile);
        if (aws && prices != null) {
            throw new UserError("--prices is for local runs: against AWS the function reads its book from S3; upload "
                    + "it and pass --env PRICE_BOOK_URI=s3://bucket/key");
        }
        LocalPrices localPrices = LocalPrices.of(prices, discount);
        if (aws && discount != null) {
            env.putIfAbsent("PRICE_DISCOUNT", discount);
        }
        PrintStream logs = System.err;
        Log.redirect(logs); // the function's log lines on stderr, its result alone on stdout
        FunctionRunner.Outcome outcome = aws ? onAws(template, definition, event)
                : locally(project, template, definition, event, localPrices);
        PrintWriter out = spec.commandLine().getOut();
        out.println(pretty(outcome.payload()));
        out.flush();
        return outcome.succeeded() ? 0 : 1;
    }

    private FunctionRunner.Outcome locally(ProjectFiles project, SamTemplate template, FunctionDefinition definition,
                                           byte[] event, LocalPrices localPrices) {
        try (EmbeddedAws local = EmbeddedAws.start(lake, RecordedData.read(project.recorded()),
                PriceListResponses.bundled())) {
            Map<String, String> overrides = new LinkedHashMap<>(localPrices.environment(local));
            overrides.putAll(env); // an explicit --env wins
            LocalFunctions functions = new LocalFunctions(template, local, overrides, Clock.systemUTC());
            functions.buckets().forEach(bucket -> local.bucket(bucket, false));
            PrintWriter err = spec.commandLine().getErr();
            if (!anyRuleMatches(definition, functions.values(), event)) {
                err.println("note: no rule of " + definition.shortName() + " in the template matches this event; "
                        + "on AWS EventBridge would not deliver it to the function (invoked anyway, as asked)");
            }
            FunctionRunner.Outcome outcome = functions.runner(definition).invoke(event);
            local.published().forEach(p -> err.println("local SNS publish: " + p.get("Subject")));
            local.putEvents().forEach(e -> err.println("local EventBridge event: " + e.path("DetailType").asText()
                    + " from " + e.path("Source").asText()));
            long points = local.metrics().size();
            if (points > 0) {
                err.println("local CloudWatch metrics: " + points + " data points");
            }
            boolean defaultLake = lake.equals(Path.of(ProjectFiles.DEFAULT_LAKE));
            err.println("local lake: " + lake.toAbsolutePath().normalize() + " (query it: omics-monitor query"
                    + (defaultLake ? "" : " --lake " + lake) + " \"SELECT ...\")");
            err.flush();
            return outcome;
        }
    }

    private FunctionRunner.Outcome onAws(SamTemplate template, FunctionDefinition definition, byte[] event) {
        String awsRegion = region();
        Map<String, String> processEnv = System.getenv();
        Map<String, String> environment = new LinkedHashMap<>(FunctionEnvironment.aws(definition,
                Intrinsics.aws(template.root(), awsRegion), env, processEnv));
        environment.put("AWS_REGION", awsRegion);
        requireCredentials();
        Map<String, String> clientEnv = new HashMap<>();
        processEnv.forEach((k, v) -> {
            if (k.startsWith("AWS_ENDPOINT_URL")) {
                clientEnv.put(k, v);
            }
        });
        clientEnv.put("AWS_REGION", awsRegion);
        AwsClients clients = AwsClients.fromEnvironment(new Env(clientEnv));
        String bucket = environment.get(LakeLocation.BUCKET_VARIABLE);
        if (bucket != null) {
            requireBucket(clients, bucket);
        }
        return FunctionRunner.start(definition.logicalId(), definition.handlerClass(), environment, clients,
                Clock.systemUTC()).invoke(event);
    }

    private String region() {
        if (region != null) {
            return region;
        }
        try {
            return new DefaultAwsRegionProviderChain().getRegion().id();
        } catch (SdkClientException e) {
            throw new UserError("no AWS region: pass --region (e.g. --region us-west-2), or set AWS_REGION, or set a "
                    + "region in your AWS profile (aws configure)");
        }
    }

    private static void requireCredentials() {
        try (DefaultCredentialsProvider credentials = DefaultCredentialsProvider.builder().build()) {
            credentials.resolveCredentials();
        } catch (SdkClientException e) {
            throw new UserError("no AWS credentials found: configure them with `aws configure` or `aws sso login`, "
                    + "or set AWS_PROFILE (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY), then try again");
        }
    }

    private static void requireBucket(AwsClients clients, String bucket) {
        try (S3Client s3 = clients.s3()) {
            s3.headBucket(b -> b.bucket(bucket));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw new UserError("the lake bucket " + bucket + " does not exist in this account and region: check "
                        + LakeLocation.BUCKET_VARIABLE + " (the stack's LakeBucket output), or deploy the stack first "
                        + "(sam deploy --guided)");
            }
            if (e.statusCode() == 403) {
                throw new UserError("access to the lake bucket " + bucket + " is denied for these credentials: use a "
                        + "profile of the account that owns it, or check " + LakeLocation.BUCKET_VARIABLE);
            }
            throw e;
        } catch (SdkClientException e) {
            throw new UserError("cannot reach S3 to check the lake bucket " + bucket + " (" + e.getMessage()
                    + "): check the network, the region, and AWS_ENDPOINT_URL_S3 if set");
        }
    }

    /** True when one of the function's rules, matched as EventBridge matches, would deliver the event to it. */
    private static boolean anyRuleMatches(FunctionDefinition definition, Intrinsics values, byte[] event) {
        JsonNode parsed;
        try {
            parsed = Json.MAPPER.readTree(event);
        } catch (IOException e) {
            return false; // the function reports what is wrong with it
        }
        return definition.eventRules().stream()
                .anyMatch(rule -> EventPattern.of(values.resolveTree(rule.pattern())).matches(parsed));
    }

    static byte[] readEvent(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new UserError("cannot read the event file " + file + ": it does not exist; give the path of a JSON "
                    + "event, e.g. -e events/run-completed.json");
        } catch (IOException e) {
            throw new UserError("cannot read the event file " + file + ": " + e.getMessage());
        }
        try {
            JsonNode parsed = Json.MAPPER.readTree(bytes);
            if (parsed == null || !parsed.isObject()) {
                throw new UserError("the event file " + file + " is not a JSON object; an EventBridge event is one, "
                        + "like those in events/");
            }
        } catch (JsonProcessingException e) {
            String problem = e.getOriginalMessage();
            int marker = problem.indexOf(" (start marker at");
            throw new UserError("the event file " + file + " is not valid JSON: "
                    + (marker < 0 ? problem : problem.substring(0, marker))
                    + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        } catch (IOException e) {
            throw new UserError("cannot read the event file " + file + ": " + e.getMessage());
        }
        return bytes;
    }

    private static String pretty(JsonNode payload) {
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
