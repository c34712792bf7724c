package io.omicsmonitor.analyzer;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * The recommended resources as CWL requirement overrides (cwltool's {@code cwltool:overrides}, accepted in a job
 * input document or by {@code --overrides FILE}): for each workflow step, {@code "<main file>#<step>"}, a
 * {@code ResourceRequirement} with {@code coresMin = coresMax} vCPUs and {@code ramMin = ramMax} mebibytes (CWL's
 * unit). Min and max are both set because engines differ in which they read (HealthOmics' examples set the max).
 * JSON, which is also YAML: cwltool reads it either way.
 *
 * <p>Limits (see docs/cli.md): a step is named relative to the top-level workflow document (the manifest's
 * {@code main}); a step nested in a sub-workflow needs that document's name instead. HealthOmics does not document
 * whether it honours overrides.
 */
public final class CwlOverrides {

    static final String KEY = "cwltool:overrides";

    private CwlOverrides() {
    }

    public static String render(Map<String, RecommendedResources.Size> sizes, String mainFile) {
        if (mainFile == null || mainFile.isBlank()) {
            throw new IllegalArgumentException("the run record names no main workflow file (`main`), which CWL "
                    + "overrides are keyed by");
        }
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode overrides = root.putObject(KEY);
        for (Map.Entry<String, RecommendedResources.Size> e : sizes.entrySet()) {
            long mebibytes = e.getValue().memoryGiB() * 1024;
            overrides.putObject(mainFile + "#" + e.getKey()).putObject("requirements")
                    .putObject("ResourceRequirement")
                    .put("coresMin", e.getValue().cpus()).put("coresMax", e.getValue().cpus())
                    .put("ramMin", mebibytes).put("ramMax", mebibytes);
        }
        return Jsons.pretty(root);
    }
}
