package io.omicsmonitor.cli.redrive;

import io.omicsmonitor.cli.AwsFailures;
import io.omicsmonitor.cli.AwsOptions;
import io.omicsmonitor.common.aws.AwsClients;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** {@code omics-monitor redrive}: re-sends the events of a function's dead-letter queue to the function. See docs/cli.md. */
@Command(name = "redrive", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Reads a function's dead-letter queue (events EventBridge could not deliver, and invocation records of "
                + "invocations that failed after Lambda's retries), and re-sends each original event to the function "
                + "with an asynchronous Invoke, as EventBridge does: the function does all its work again, live alerts "
                + "included.",
            "A message is deleted only after Lambda accepted its event, so a redrive that stops halfway loses nothing; "
                + "run it again. A message that is neither shape, or whose event Lambda did not accept, stays on the queue.",
            "Exit code: 0 every message received was re-sent (or, with --dry-run, would be), 1 some were left on the "
                + "queue by a failure (listed), 2 bad usage or stopped (no credentials, no permission, no such queue or function)."},
        footer = {"", "Examples:",
            "  omics-monitor redrive --stack omics-monitor --function status-event-recorder --dry-run",
            "  omics-monitor redrive --queue-url https://sqs.us-west-2.amazonaws.com/123456789012/omics-monitor-"
                + "StatusEventRecorderDeadLetterQueue-AbC --function omics-monitor-StatusEventRecorderFunction-XyZ:live",
            "  omics-monitor redrive --stack omics-monitor --function manifest-processor --max 10 --profile ops"})
public final class RedriveCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--queue-url", paramLabel = "URL", description = "The dead-letter queue to read (a function's "
            + "<Name>DeadLetterQueue). Not with --stack, which finds it.")
    String queueUrl;

    @Option(names = "--function", paramLabel = "NAME:ALIAS|ARN", description = "The function to re-send the events "
            + "to, with its alias: name:live or the alias's ARN (the stack's rules invoke the alias 'live', whose "
            + "on-failure destination is the queue). With --stack: its logical id or short name (status-event-recorder). "
            + "Without it, each message's own target (TARGET_ARN, or the invocation record's functionArn); with it, a "
            + "message meant for another function is left on the queue.")
    String function;

    @Option(names = "--stack", paramLabel = "NAME", description = "The deployed stack: finds --function's dead-letter "
            + "queue and its 'live' alias in the stack's resources.")
    String stack;

    @Option(names = "--dry-run", description = "List what would be re-sent (event id, detail-type, source, the error "
            + "that sent it there); invoke nothing, delete nothing. The messages are visible again at the end.")
    boolean dryRun;

    @Option(names = "--max", paramLabel = "N", description = "Handle at most N messages (0: until the queue is empty; "
            + "default: ${DEFAULT-VALUE}).", defaultValue = "0")
    int max;

    @Option(names = "--visibility-timeout", paramLabel = "SECONDS", description = "How long a received message stays "
            + "hidden from other readers while it is re-sent (extended when a batch takes longer than half of it); if "
            + "the command is killed, its messages reappear after this (default: ${DEFAULT-VALUE}).", defaultValue = "300")
    int visibilityTimeout;

    @Mixin
    AwsOptions awsOptions;

    /** The SDK's standard retries (throttling and 5xx included), with the attempts and backoff given. */
    record RetryTuning(int maxAttempts, Duration baseDelay, Duration maxDelay) {
        static RetryTuning production() {
            return new RetryTuning(5, Duration.ofMillis(200), Duration.ofSeconds(10));
        }

        RetryStrategy strategy() {
            return AwsRetryStrategy.standardRetryStrategy().toBuilder()
                    .maxAttempts(maxAttempts)
                    .backoffStrategy(BackoffStrategy.exponentialDelay(baseDelay, maxDelay))
                    .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(baseDelay.multipliedBy(2), maxDelay))
                    .circuitBreakerEnabled(false)
                    .build();
        }
    }

    private final AwsOptions.ClientFactory clients;
    private final Map<String, String> environment;
    private final RetryTuning tuning;
    private final int waitSeconds;
    private final LongSupplier nanoTime;

    /** The command line's wiring: the user's environment and credentials. */
    public RedriveCommand() {
        this(AwsOptions.USER_CREDENTIALS,
                System.getenv(), RetryTuning.production(), 2, System::nanoTime);
    }

    /** @param waitSeconds ReceiveMessage's long-poll wait: how long an empty queue is asked before the redrive ends */
    RedriveCommand(AwsOptions.ClientFactory clients, Map<String, String> environment, RetryTuning tuning, int waitSeconds,
                   LongSupplier nanoTime) {
        this.clients = clients;
        this.environment = environment;
        this.tuning = tuning;
        this.waitSeconds = waitSeconds;
        this.nanoTime = nanoTime;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        validate();
        AwsClients aws = awsOptions.clients(clients, region(), environment, "sqs", "lambda", "cloudformation");

        String queue = queueUrl;
        String target = function;
        if (stack != null) {
            StackTargets.Target found;
            try (CloudFormationClient cloudFormation = aws.configure(CloudFormationClient.builder()
                    .overrideConfiguration(c -> c.retryStrategy(tuning.strategy())), "cloudformation")) {
                found = StackTargets.find(cloudFormation, stack, function);
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            } catch (SdkException e) {
                err.println("error: reading the stack " + stack + " failed: " + AwsFailures.reason("ListStackResources", e)
                        + "; check --stack, --region and that the credentials allow cloudformation:ListStackResources");
                return 2;
            }
            queue = found.queueUrl();
            target = found.function();
            err.printf("stack %s: %s reads %s%n", stack, found.logicalId(), queue);
        }
        err.printf("redrive%s: %s -> %s%n", dryRun ? " (dry run)" : "", queue,
                target == null ? "the function each message names" : target);

        Redrive.Settings settings = new Redrive.Settings(queue, target, dryRun, max,
                Duration.ofSeconds(visibilityTimeout), waitSeconds);
        Summary summary;
        try (SqsClient sqs = aws.configure(SqsClient.builder()
                .overrideConfiguration(c -> c.retryStrategy(tuning.strategy())), "sqs");
             LambdaClient lambda = aws.configure(LambdaClient.builder()
                .overrideConfiguration(c -> c.retryStrategy(tuning.strategy())), "lambda")) {
            summary = new Redrive(sqs, lambda, settings, out, nanoTime).run();
        }
        summary.print(out);
        out.flush();
        if (summary.stopped() != null) {
            err.println("error: " + summary.stopped());
        }
        return summary.exitCode();
    }

    private void validate() {
        if (stack == null && (queueUrl == null || queueUrl.isBlank())) {
            throw usage("pass --queue-url (a function's dead-letter queue) or --stack with --function");
        }
        if (stack != null && queueUrl != null) {
            throw usage("--stack finds the queue: pass --stack or --queue-url, not both");
        }
        if (queueUrl != null && !queueUrl.matches("https?://\\S+")) {
            throw usage("--queue-url '" + queueUrl + "' is not a queue URL like https://sqs.us-west-2.amazonaws.com/"
                    + "123456789012/<queue>");
        }
        if (function != null && stack == null && FunctionNames.qualifier(function) == null) {
            throw usage("--function " + function + " names no alias: pass " + function + ":live. The stack's rules "
                    + "invoke the alias 'live', and its on-failure destination is this queue; an event re-sent to the "
                    + "unqualified function that fails again would go to no queue. (To invoke $LATEST all the same, "
                    + "pass " + function + ":$LATEST.)");
        }
        if (max < 0) {
            throw usage("--max must be 0 (no limit) or more, not " + max);
        }
        if (visibilityTimeout < 30 || visibilityTimeout > 43_200) {
            throw usage("--visibility-timeout must be from 30 to 43200 seconds (SQS's limit is 12 hours), not "
                    + visibilityTimeout);
        }
    }

    private Region region() {
        Optional<String> chosen = awsOptions.region(environment).map(Region::id);
        if (chosen.isEmpty()) {
            // The queue URL names its region: https://sqs.<region>.amazonaws.com/...
            chosen = Optional.ofNullable(queueUrl).map(u -> u.replaceFirst("^https?://sqs\\.([a-z0-9-]+)\\.amazonaws\\.com.*$", "$1"))
                    .filter(r -> !r.equals(queueUrl));
        }
        return Region.of(chosen.orElseThrow(() -> usage("no AWS region: pass --region (e.g. --region us-west-2) or set AWS_REGION")));
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
