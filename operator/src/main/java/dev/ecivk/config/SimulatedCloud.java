package dev.ecivk.config;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** Which embedded cloud {@code ecivk simulator} runs ({@code --sim-cloud}). */
public enum SimulatedCloud {
    /** The embedded ECI (Alibaba Cloud's RPC protocol). */
    ECI("eci"),
    /** The embedded Huawei Cloud ECS (REST, AK/SK SDK-HMAC-SHA256). */
    HUAWEI_ECS("huawei-ecs");

    private final String cliName;

    SimulatedCloud(String cliName) {
        this.cliName = cliName;
    }

    @Override
    public String toString() {
        return cliName;
    }

    /** The {@code --sim-cloud} option, mixed into {@code ecivk simulator} only. */
    public static final class Choice {
        @Option(
                names = "--sim-cloud",
                defaultValue = "eci",
                converter = Converter.class,
                completionCandidates = Names.class,
                description = "Embedded cloud to run: ${COMPLETION-CANDIDATES}. It takes the other --sim-* options; "
                        + "huawei-ecs reaches ACTIVE after --sim-start-delay.")
        private SimulatedCloud cloud;

        public SimulatedCloud cloud() {
            return cloud;
        }
    }

    static final class Converter implements ITypeConverter<SimulatedCloud> {
        @Override
        public SimulatedCloud convert(String value) {
            for (SimulatedCloud c : values()) {
                if (c.cliName.equals(value.toLowerCase(Locale.ROOT))) {
                    return c;
                }
            }
            throw new TypeConversionException("expected one of " + new Names().list() + " but was '" + value + "'");
        }
    }

    static final class Names implements Iterable<String> {
        List<String> list() {
            List<String> out = new ArrayList<>();
            for (SimulatedCloud c : values()) {
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
