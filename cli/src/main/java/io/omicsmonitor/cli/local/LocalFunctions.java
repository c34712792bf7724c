package io.omicsmonitor.cli.local;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.omicsmonitor.cli.invoke.FunctionRunner;
import io.omicsmonitor.cli.template.FunctionDefinition;
import io.omicsmonitor.cli.template.FunctionEnvironment;
import io.omicsmonitor.cli.template.Intrinsics;
import io.omicsmonitor.cli.template.SamTemplate;
import io.omicsmonitor.common.lake.LakeLocation;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The template's functions running in this process against {@link EmbeddedAws}: each function's environment resolved
 * to local stand-ins (the buckets it names exist), each handler built once, like a warm Lambda.
 */
public final class LocalFunctions {

    private final SamTemplate template;
    private final EmbeddedAws aws;
    private final Intrinsics values;
    private final Map<String, String> overrides;
    private final Clock clock;
    private final Map<String, FunctionRunner> runners = new LinkedHashMap<>();

    public LocalFunctions(SamTemplate template, EmbeddedAws aws, Map<String, String> overrides, Clock clock) {
        this.template = template;
        this.aws = aws;
        this.values = Intrinsics.local(template.root(), aws.clients().region().id());
        this.overrides = Map.copyOf(overrides);
        this.clock = clock;
    }

    public SamTemplate template() {
        return template;
    }

    /** The template's values as they resolve locally (the same stand-ins the functions' environments get). */
    public Intrinsics values() {
        return values;
    }

    /** The function's environment as it runs locally. */
    public Map<String, String> environment(FunctionDefinition function) {
        Map<String, String> env = new LinkedHashMap<>(FunctionEnvironment.local(function, values, overrides));
        env.putIfAbsent("AWS_REGION", aws.clients().region().id());
        return env;
    }

    /**
     * The buckets the functions use, by their local names: each bucket of the template that some function's
     * environment names, and whatever {@code LAKE_BUCKET} names.
     */
    public Set<String> buckets() {
        Set<String> templateBuckets = new LinkedHashSet<>();
        for (String id : template.buckets()) {
            values.resolve(JsonNodeFactory.instance.objectNode().put("Ref", id)).ifPresent(templateBuckets::add);
        }
        Set<String> buckets = new LinkedHashSet<>();
        for (FunctionDefinition function : template.functions()) {
            Map<String, String> env = environment(function);
            env.values().stream().filter(templateBuckets::contains).forEach(buckets::add);
            if (env.containsKey(LakeLocation.BUCKET_VARIABLE)) {
                buckets.add(env.get(LakeLocation.BUCKET_VARIABLE));
            }
        }
        return buckets;
    }

    public FunctionRunner runner(FunctionDefinition function) {
        return runners.computeIfAbsent(function.logicalId(), id -> FunctionRunner.start(function.logicalId(),
                function.handlerClass(), environment(function), aws.clients(), clock));
    }
}
