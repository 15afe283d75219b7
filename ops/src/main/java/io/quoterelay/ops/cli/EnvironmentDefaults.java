package io.quoterelay.ops.cli;

import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Environment variables as option defaults, so every flag of a main has an environment-variable
 * equal and a flag on the command line wins. An option's {@code descriptionKey} lists its
 * variables, primary first, then aliases ("RELAY_PORT|PORT"); a blank value counts as unset.
 */
public final class EnvironmentDefaults implements CommandLine.IDefaultValueProvider {
    private final Map<String, String> env;

    /** {@code env} is the environment ({@code System.getenv()}); tests pass their own. */
    public EnvironmentDefaults(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public String defaultValue(ArgSpec argSpec) {
        if (argSpec instanceof OptionSpec o && o.descriptionKey() != null) {
            for (String name : o.descriptionKey().split("\\|")) {
                String v = env.get(name);
                if (v != null && !v.isBlank()) {
                    return v.trim();
                }
            }
        }
        return argSpec.defaultValue();
    }
}
