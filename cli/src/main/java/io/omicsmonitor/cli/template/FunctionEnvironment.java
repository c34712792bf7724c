package io.omicsmonitor.cli.template;

import com.fasterxml.jackson.databind.JsonNode;
import io.omicsmonitor.cli.UserError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A function's environment variables resolved for a run: locally with stand-ins, or against a real account. */
public final class FunctionEnvironment {

    private FunctionEnvironment() {
    }

    /** Every variable resolved to its local stand-in; {@code overrides} win. */
    public static Map<String, String> local(FunctionDefinition function, Intrinsics values, Map<String, String> overrides) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> variable : function.environment().entrySet()) {
            try {
                values.resolve(variable.getValue()).ifPresent(v -> env.put(variable.getKey(), v));
            } catch (Intrinsics.Unresolvable e) {
                if (!overrides.containsKey(variable.getKey())) {
                    throw new UserError(function.logicalId() + ": cannot resolve " + variable.getKey() + " locally ("
                            + e.getMessage() + "); pass --env " + variable.getKey() + "=VALUE");
                }
            }
        }
        env.putAll(overrides);
        return env;
    }

    /**
     * For a real account: {@code overrides} first, then what the template fixes (literals, parameter defaults), then
     * the process environment for values that name deployed resources. Fails listing every variable still unknown.
     */
    public static Map<String, String> aws(FunctionDefinition function, Intrinsics values, Map<String, String> overrides,
                                          Map<String, String> processEnv) {
        Map<String, String> env = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, JsonNode> variable : function.environment().entrySet()) {
            String name = variable.getKey();
            if (overrides.containsKey(name)) {
                continue;
            }
            try {
                values.resolve(variable.getValue()).ifPresent(v -> env.put(name, v));
            } catch (Intrinsics.Unresolvable e) {
                Optional<String> fromShell = Optional.ofNullable(processEnv.get(name)).filter(v -> !v.isBlank());
                if (fromShell.isPresent()) {
                    env.put(name, fromShell.get());
                } else {
                    missing.add("  " + name + " (the template sets it to " + e.getMessage() + ")");
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new UserError(function.logicalId() + " needs values that only the deployed stack knows:\n"
                    + String.join("\n", missing) + "\npass each as --env NAME=VALUE (or export it), for example "
                    + "the stack's outputs: aws cloudformation describe-stacks --stack-name <stack> "
                    + "--query 'Stacks[0].Outputs'");
        }
        env.putAll(overrides);
        return env;
    }
}
