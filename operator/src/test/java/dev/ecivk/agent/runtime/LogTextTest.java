package dev.ecivk.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecivk.provider.model.LogQuery;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogTextTest {
    private static final Instant T = Instant.parse("2026-03-01T10:00:00Z");
    private static final List<LogText.Line> LINES = List.of(
            new LogText.Line(T, "a"),
            new LogText.Line(T.plusSeconds(10), "bb"),
            new LogText.Line(T.plusSeconds(20), "ccc"));

    @Test
    void sinceTimeAndSinceSecondsTakeTheLaterBound() {
        LogQuery q = new LogQuery(null, 15, T.plusSeconds(5), null, false, false);
        assertThat(LogText.render(LINES, q, T.plusSeconds(30))).isEqualTo("ccc\n");
        assertThat(LogText.render(
                        LINES, new LogQuery(null, null, T.plusSeconds(5), null, false, false), T.plusSeconds(30)))
                .isEqualTo("bb\nccc\n");
    }

    @Test
    void tailThenLimitBytesNeverCutsACharacter() {
        assertThat(LogText.render(LINES, new LogQuery(2, null, null, 4L, false, false), T))
                .isEqualTo("bb\nc");
        assertThat(LogText.limit("añb", 2L)).isEqualTo("a");
        assertThat(LogText.limit("añb", 3L)).isEqualTo("añ");
        assertThat(LogText.render(LINES, new LogQuery(0, null, null, null, false, false), T))
                .isEmpty();
    }

    @Test
    void timestampsPrefixEachLine() {
        assertThat(LogText.render(LINES, new LogQuery(1, null, null, null, false, true), T))
                .isEqualTo("2026-03-01T10:00:20Z ccc\n");
    }
}
