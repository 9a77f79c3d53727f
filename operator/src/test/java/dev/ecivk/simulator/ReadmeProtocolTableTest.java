package dev.ecivk.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecivk.eci.contract.EciQuotas;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The README's protocol table lists exactly the actions the embedded ECI speaks, each with its quota. */
class ReadmeProtocolTableTest {
    private static final Path README = Path.of("..", "README.md");

    @Test
    void everyActionIsListedWithItsQuota() throws Exception {
        Map<String, String> documented = new TreeMap<>();
        for (String line : Files.readAllLines(README)) {
            String row = line.strip();
            if (row.matches("\\| `[A-Z][A-Za-z]+` \\| [\\d,]+ / min.*")) {
                String[] cells = row.split("\\|");
                documented.put(cells[1].replace("`", "").strip(), cells[2].strip());
            }
        }
        ApiFixture eci = new ApiFixture();
        assertThat(documented.keySet()).isEqualTo(new TreeSet<>(eci.api.actions()));
        for (String action : eci.api.actions()) {
            EciQuotas.Quota quota = EciQuotas.of(action);
            assertThat(quota.window()).isEqualTo(Duration.ofMinutes(1));
            String expected = String.format(java.util.Locale.ROOT, "%,d / min", quota.calls())
                    + (EciQuotas.documented().containsKey(action) ? "" : " (undocumented)");
            assertThat(documented.get(action)).as(action).isEqualTo(expected);
        }
    }
}
