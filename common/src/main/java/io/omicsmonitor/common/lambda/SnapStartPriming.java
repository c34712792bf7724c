package io.omicsmonitor.common.lambda;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.omicsmonitor.common.aws.PrimingAnswers;
import io.omicsmonitor.common.events.EventEnvelope;
import io.omicsmonitor.common.events.EventReader;
import io.omicsmonitor.common.lake.DataLake;
import io.omicsmonitor.common.log.Log;
import io.omicsmonitor.json.JsonWriter;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * SnapStart priming: a CRaC {@link Resource} whose {@code beforeCheckpoint} runs a function's code paths once before
 * Lambda takes the snapshot, so the classes they load, the record shapes JsonWriter caches and the SDK's request
 * pipeline (marshalling, endpoint rules, signing) are in the snapshot instead of in the first invocation.
 *
 * <p>Priming never talks to AWS: every SDK call it makes carries {@link #DRY_RUN}, an interceptor that points the
 * marshalled call at a host that does not exist ({@code .invalid}), which the functions' HTTP client
 * ({@link PrimingAnswers}) answers in memory with an empty success, so the response side is primed too. So priming
 * writes nothing, needs no permission, leaves no open connection in the snapshot, and cannot fail the snapshot: a
 * step that throws is logged and the function starts unprimed. Priming captures nothing random or time-bound: the sample events it reads carry fixed
 * ids and times, and nothing it computes is kept.
 *
 * <p>org.crac's global context holds its resources weakly; this class keeps a strong reference to each one it
 * registers, for the life of the execution environment.
 *
 * <pre>{@code
 * public StatusEventRecorder() {
 *     this(Env.system(), AwsClients.fromEnvironment(Env.system()), Clock.systemUTC());
 *     SnapStartPriming.register(StatusEventRecorder.class, this::prime);
 * }
 * }</pre>
 */
public final class SnapStartPriming implements Resource {

    private static final Log LOG = Log.of(SnapStartPriming.class);

    /** Strong references: org.crac's contexts keep registered resources only weakly. */
    private static final List<SnapStartPriming> REGISTERED = new CopyOnWriteArrayList<>();

    /** Added to a request's override configuration: the call is marshalled, signed and answered in memory, unsent. */
    public static final Consumer<AwsRequestOverrideConfiguration.Builder> DRY_RUN =
            b -> b.addPlugin(config -> config.overrideConfiguration(config.overrideConfiguration().toBuilder()
                    .addExecutionInterceptor(AnswerLocally.INSTANCE).build()));

    private final String function;
    private final Runnable priming;

    private SnapStartPriming(String function, Runnable priming) {
        this.function = Objects.requireNonNull(function);
        this.priming = Objects.requireNonNull(priming);
    }

    /**
     * Registers {@code priming} to run before the snapshot. Call it once, from the handler's no-arg constructor
     * (Lambda's entry), so tests that build handlers with local clients do not register anything.
     */
    public static SnapStartPriming register(Class<?> handler, Runnable priming) {
        SnapStartPriming resource = new SnapStartPriming(handler.getSimpleName(), priming);
        REGISTERED.add(resource);
        Core.getGlobalContext().register(resource);
        return resource;
    }

    /**
     * Runs every registered priming now, as a checkpoint would. Off Lambda (a JDK without CRaC) nothing else runs
     * them: benchmarks and the AOT-cache training run call this to stand in for the snapshot.
     */
    public static void primeRegistered() {
        for (SnapStartPriming resource : REGISTERED) {
            resource.prime();
        }
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to renew: priming kept no connection, no clock reading and no random state.
    }

    void prime() {
        long start = System.nanoTime();
        try {
            priming.run();
            LOG.info("primed for the snapshot", "handler", function, "ms", (System.nanoTime() - start) / 1_000_000);
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("priming failed; the function starts unprimed", "handler", function, "error", e.toString());
        }
    }

    /**
     * Runs one invocation's reading and result writing on a fixed sample event: the envelope checks, the detail
     * parsing and record building in {@code work}, and the JSON output, with nothing written anywhere.
     */
    public static void invocation(EventReader reader, String sampleEvent,
                                  Function<EventEnvelope<JsonNode>, ?> work) {
        EventInvocation.prime(new ByteArrayInputStream(sampleEvent.getBytes(StandardCharsets.UTF_8)),
                OutputStream.nullOutputStream(), reader, work);
    }

    /**
     * Runs an SDK call that carries {@link #DRY_RUN}: marshalled, signed and answered in memory by
     * {@link PrimingAnswers}, never sent. A call that was answered by anything else, or failed, is logged.
     */
    public static void dryRun(String call, Supplier<? extends SdkResponse> sdkCall) {
        try {
            SdkResponse response = sdkCall.get();
            if (response.sdkHttpResponse().firstMatchingHeader(PrimingAnswers.ANSWERED_HEADER).isEmpty()) {
                LOG.warn("priming call was sent: it lacks DRY_RUN", "call", call);
            }
        } catch (RuntimeException e) {
            LOG.warn("priming call failed", "call", call, "error", e.toString());
        }
    }

    /**
     * The lake writer's calls, dry: the record serialized as {@link DataLake} serializes it, then a HeadObject and a
     * PutObject of those bytes to {@code key}, answered in memory. Nothing is written.
     */
    public static void lakeWrite(S3Client s3, String bucket, String key, Object record) {
        byte[] body;
        try {
            body = JsonWriter.toBytes(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("priming: could not serialize " + record.getClass().getSimpleName(), e);
        }
        dryRun("s3:HeadObject", () -> s3.headObject(b -> b.bucket(bucket).key(key).overrideConfiguration(DRY_RUN)));
        dryRun("s3:PutObject", () -> s3.putObject(b -> b.bucket(bucket).key(key).contentType(DataLake.CONTENT_TYPE)
                .overrideConfiguration(DRY_RUN), RequestBody.fromBytes(body)));
    }

    /**
     * Points a request at {@link PrimingAnswers#HOST}, after it is marshalled and before it is signed: the functions'
     * HTTP client answers it in memory, and without that client the name does not resolve.
     */
    static final class AnswerLocally implements ExecutionInterceptor {

        static final AnswerLocally INSTANCE = new AnswerLocally();

        @Override
        public SdkHttpRequest modifyHttpRequest(software.amazon.awssdk.core.interceptor.Context.ModifyHttpRequest context,
                                                ExecutionAttributes executionAttributes) {
            return context.httpRequest().toBuilder().protocol("https").host(PrimingAnswers.HOST).port(443).build();
        }
    }
}
