package dev.ecivk.config;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Which backend runs the Pods. */
public enum ProviderKind {
    /** The embedded ECI, started in-process and reached over HTTP by the real ECI client. */
    simulator("simulator"),
    /** Alibaba Cloud ECI. */
    eci("eci"),
    /** One Alibaba Cloud ECS instance per Pod, with the agent inside. */
    ecs("ecs"),
    /** One Huawei Cloud ECS server per Pod, with the agent inside. */
    huawei_ecs("huawei-ecs");

    private final String cliName;

    ProviderKind(String cliName) {
        this.cliName = cliName;
    }

    /** The name on the command line, in the environment and in the chart's values. */
    public String cliName() {
        return cliName;
    }

    /** True for the VM-per-Pod backends. */
    public boolean isVm() {
        return this == ecs || this == huawei_ecs;
    }

    @Override
    public String toString() {
        return cliName;
    }

    /** Reads the command-line name (case-insensitive; {@code huawei_ecs} is accepted too). */
    public static ProviderKind parse(String value) {
        String wanted =
                value == null ? "" : value.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        return Arrays.stream(values())
                .filter(k -> k.cliName.equals(wanted))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "'" + value + "' is not a provider; expected one of " + String.join(", ", new Names())));
    }

    /** Picocli's converter. */
    public static final class Converter implements ITypeConverter<ProviderKind> {
        @Override
        public ProviderKind convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** The command-line names, for help texts. */
    public static final class Names implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(values()).map(ProviderKind::cliName).iterator();
        }
    }
}
