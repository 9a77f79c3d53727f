package dev.ecivk.config;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Which embedded cloud {@code ecivk simulator} serves ({@code --cloud}). */
public enum SimulatorCloud {
    /** The embedded ECI (container groups). */
    ECI("eci"),
    /** The embedded Alibaba Cloud ECS (instances, for the VM-per-Pod backend). */
    ECS("ecs"),
    /** The embedded Huawei Cloud ECS (REST, AK/SK SDK-HMAC-SHA256). */
    HUAWEI_ECS("huawei-ecs");

    private final String cliName;

    SimulatorCloud(String cliName) {
        this.cliName = cliName;
    }

    @Override
    public String toString() {
        return cliName;
    }

    /** Reads the option's value by its command-line name, any case. */
    static final class Converter implements ITypeConverter<SimulatorCloud> {
        @Override
        public SimulatorCloud convert(String value) {
            for (SimulatorCloud c : values()) {
                if (c.cliName.equals(value.toLowerCase(Locale.ROOT))) {
                    return c;
                }
            }
            throw new TypeConversionException("expected one of " + new Names().list() + " but was '" + value + "'");
        }
    }

    /** The command-line names, for picocli's completion candidates. */
    static final class Names implements Iterable<String> {
        List<String> list() {
            List<String> out = new ArrayList<>();
            for (SimulatorCloud c : values()) {
                out.add(c.cliName);
            }
            return out;
        }

        @Override
        public Iterator<String> iterator() {
            return list().iterator();
        }
    }
}
