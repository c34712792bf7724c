package io.omicsmonitor.common.lake;

import io.omicsmonitor.common.Env;
import java.util.regex.Pattern;

/**
 * Where the lake lives: a bucket and a key prefix (empty, or segments ending in '/').
 */
public record LakeLocation(String bucket, String prefix) {

    public static final String BUCKET_VARIABLE = "LAKE_BUCKET";
    public static final String PREFIX_VARIABLE = "LAKE_PREFIX";

    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    public LakeLocation {
        if (!BUCKET.matcher(bucket).matches()) {
            throw new Env.ConfigurationException("'" + bucket + "' is not a valid S3 bucket name");
        }
        prefix = normalise(prefix);
    }

    public static LakeLocation fromEnvironment(Env env) {
        return new LakeLocation(env.required(BUCKET_VARIABLE), env.optional(PREFIX_VARIABLE, ""));
    }

    private static String normalise(String prefix) {
        StringBuilder normal = new StringBuilder();
        for (String segment : prefix.split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            if (!KeyParts.SAFE.matcher(segment).matches()) {
                throw new Env.ConfigurationException("lake prefix segment '" + segment
                        + "' must be letters, digits, '.', '_', '=' or '-'");
            }
            normal.append(segment).append('/');
        }
        return normal.toString();
    }
}
