package dev.ecivk.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's price table shows exactly the instance types and prices the embedded ECI quotes. */
class ReadmePriceTableTest {
    private static final Path README = Path.of("..", "README.md");

    @Test
    void thePriceTableMatchesTheInstanceTypes() throws Exception {
        List<String> documented = new ArrayList<>();
        for (String line : Files.readAllLines(README)) {
            String row = line.strip();
            if (!row.startsWith("| `ecs.")) {
                continue;
            }
            String[] cells = row.substring(1, row.length() - 1).split("\\|");
            String[] names = cells[0].replace("`", "").strip().split(" / ");
            String family = names[0].substring(0, names[0].lastIndexOf('.'));
            for (int i = 0; i < names.length; i++) {
                String name = i == 0 ? names[0] : family + "." + names[i];
                documented.add(name + " " + part(cells[1], i) + " " + part(cells[2], i) + " " + part(cells[3], i) + " "
                        + part(cells[4], i));
            }
        }
        List<String> expected = new ArrayList<>();
        for (InstanceTypes.Type t : InstanceTypes.ALL) {
            expected.add(t.name() + " " + (int) t.cores() + " " + (int) t.memory() + " "
                    + String.format(java.util.Locale.ROOT, "%.3f", t.hourlyPrice()) + " "
                    + String.format(java.util.Locale.ROOT, "%.3f", InstanceTypes.spotPrice(t, 0)));
        }
        assertThat(documented).containsExactlyInAnyOrderElementsOf(expected);
    }

    private static String part(String cell, int i) {
        return cell.strip().split(" / ")[i].strip();
    }
}
