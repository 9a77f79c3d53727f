package dev.ecivk.config;

import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Reads every option's default from {@code ECIVK_<OPTION_IN_UPPER_SNAKE>} ({@code --node-name} →
 * {@code ECIVK_NODE_NAME}); without that variable, the option's declared default applies.
 */
public final class EnvDefaults implements IDefaultValueProvider {
    public static final String PREFIX = "ECIVK_";

    private final Map<String, String> env;

    public EnvDefaults(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** The environment variable that sets an option, e.g. {@code ECIVK_KUBELET_PORT} for {@code --kubelet-port}. */
    public static String envName(String longOptionName) {
        String bare = longOptionName.replaceFirst("^-+", "");
        return PREFIX + bare.replace('-', '_').toUpperCase(Locale.ROOT);
    }

    @Override
    public String defaultValue(ArgSpec argSpec) {
        if (argSpec instanceof OptionSpec option) {
            String value = env.get(envName(option.longestName()));
            if (value != null && !value.isEmpty()) {
                return value;
            }
        }
        return argSpec.defaultValue();
    }
}
