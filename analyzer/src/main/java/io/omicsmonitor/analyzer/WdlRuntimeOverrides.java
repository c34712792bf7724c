package io.omicsmonitor.analyzer;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * The recommended resources as WDL runtime overrides in a run's input JSON (WDL 1.1, "Specifying / Overriding
 * Runtime Attributes"): {@code "<workflow>.<call>.runtime.cpu": N} and {@code "<workflow>.<call>.runtime.memory":
 * "X GiB"}, one pair per task base name (a scattered call's override applies to every shard). The run manifest does
 * not record the workflow's name in the WDL (only the main file's name), so the caller gives it.
 *
 * <p>Limits (see docs/cli.md): WDL 1.0 has no such overrides and WDL 1.2 names the namespace {@code requirements};
 * HealthOmics does not document whether it honours them, and checks a run's parameters against the workflow's
 * parameter template.
 */
public final class WdlRuntimeOverrides {


    private WdlRuntimeOverrides() {
    }

    public static String render(Map<String, RecommendedResources.Size> sizes, String workflowName) {
        if (workflowName == null || workflowName.isBlank() || workflowName.contains(".")) {
            throw new IllegalArgumentException("the WDL workflow's name is '" + workflowName
                    + "': give the name after `workflow` in the main WDL file");
        }
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, RecommendedResources.Size> e : sizes.entrySet()) {
            String call = workflowName + "." + e.getKey() + ".runtime.";
            root.put(call + "cpu", e.getValue().cpus());
            root.put(call + "memory", e.getValue().memoryGiB() + " GiB");
        }
        return Jsons.pretty(root);
    }
}
