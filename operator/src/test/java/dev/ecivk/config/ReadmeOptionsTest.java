package dev.ecivk.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecivk.Main;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** The README's option table lists exactly the options of {@code ecivk run}, with their variables and defaults. */
class ReadmeOptionsTest {
    static final Path README = Path.of("..", "README.md");
    static final Pattern ROW = Pattern.compile("^\\| `(--[a-z0-9-]+)` \\| `(ECIVK_[A-Z0-9_]+)` \\| (.*?) \\| .* \\|$");

    static Map<String, OptionSpec> declared() {
        CommandLine run = Main.commandLine(Map.of()).getSubcommands().get("run");
        Map<String, OptionSpec> options = new LinkedHashMap<>();
        for (OptionSpec o : run.getCommandSpec().options()) {
            if (!o.usageHelp() && !o.versionHelp()) {
                options.put(o.longestName(), o);
            }
        }
        return options;
    }

    /** The row the README should have for an option (printed when the table is stale). */
    static String row(OptionSpec o) {
        String def = o.defaultValue() == null ? "—" : "`" + o.defaultValue() + "`";
        String description = String.join(" ", o.description())
                .replace("${COMPLETION-CANDIDATES}", candidates(o))
                .replace("|", "\\|");
        return "| `" + o.longestName() + "` | `" + EnvDefaults.envName(o.longestName()) + "` | " + def + " | "
                + description + " |";
    }

    private static String candidates(OptionSpec o) {
        List<String> values = new java.util.ArrayList<>();
        if (o.completionCandidates() != null) {
            o.completionCandidates().forEach(values::add);
        }
        return String.join(", ", values);
    }

    @Test
    void everyOptionIsDocumentedWithItsVariableAndDefault() throws IOException {
        Map<String, String[]> documented = new LinkedHashMap<>();
        Map<String, String> lines = new LinkedHashMap<>();
        for (String line : Files.readAllLines(README)) {
            Matcher m = ROW.matcher(line);
            if (m.matches()) {
                documented.put(m.group(1), new String[] {m.group(2), m.group(3)});
                lines.put(m.group(1), line);
            }
        }
        StringBuilder expected = new StringBuilder();
        declared().values().forEach(o -> expected.append(row(o)).append('\n'));

        assertThat(documented.keySet())
                .as("README option table; expected rows:%n%s", expected)
                .containsExactlyInAnyOrderElementsOf(declared().keySet());
        for (OptionSpec o : declared().values()) {
            String[] doc = documented.get(o.longestName());
            assertThat(doc[0]).as("variable of %s", o.longestName()).isEqualTo(EnvDefaults.envName(o.longestName()));
            String def = o.defaultValue() == null ? "—" : "`" + o.defaultValue() + "`";
            assertThat(doc[1]).as("default of %s", o.longestName()).isEqualTo(def);
            assertThat(lines.get(o.longestName()))
                    .as("README row of %s", o.longestName())
                    .isEqualTo(row(o));
        }
    }
}
