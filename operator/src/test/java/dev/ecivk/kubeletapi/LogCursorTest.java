package dev.ecivk.kubeletapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LogCursorTest {
    private static List<String> texts(List<LogCursor.Line> lines) {
        return lines.stream().map(LogCursor.Line::withoutTimestamp).toList();
    }

    @Test
    void stampedLinesAreDeliveredOnceEvenWhenTheyShareATimestamp() {
        LogCursor cursor = new LogCursor();
        assertThat(texts(cursor.advance("2026-01-01T00:00:01Z a\n2026-01-01T00:00:02Z b\n")))
                .containsExactly("a", "b");
        // the next read starts at the last timestamp: b again, then two new lines with b's timestamp
        assertThat(texts(cursor.advance("2026-01-01T00:00:02Z b\n2026-01-01T00:00:02Z c\n2026-01-01T00:00:02Z d\n")))
                .containsExactly("c", "d");
        assertThat(texts(cursor.advance("2026-01-01T00:00:02Z b\n2026-01-01T00:00:02Z c\n2026-01-01T00:00:02Z d\n"
                        + "2026-01-01T00:00:03.5+01:00 e\n")))
                .isEmpty();
        assertThat(texts(cursor.advance("2026-01-01T00:00:02Z b\n2026-01-01T00:00:04Z f\n")))
                .containsExactly("f");
    }

    @Test
    void plainLinesDropTheOverlapWithWhatWasSent() {
        LogCursor cursor = new LogCursor();
        assertThat(texts(cursor.advance("one\ntwo\nthree\n"))).containsExactly("one", "two", "three");
        assertThat(texts(cursor.advance("two\nthree\nfour\n"))).containsExactly("four");
        assertThat(texts(cursor.advance("four\n"))).isEmpty();
        assertThat(texts(cursor.advance("five\nsix\n"))).containsExactly("five", "six");
        // a window reaching back before what was sent (the first read had a tail)
        assertThat(texts(cursor.advance("zero\none\ntwo\nthree\nfour\nfive\nsix\nseven\n")))
                .containsExactly("seven");
    }

    @Test
    void parsesRfc3339NanoTimestampsAndLeavesOtherLinesAlone() {
        LogCursor.Line stamped = LogCursor.parse("2026-11-22T10:00:00.123456789Z hello world");
        assertThat(stamped.timestamp()).isNotNull();
        assertThat(stamped.withoutTimestamp()).isEqualTo("hello world");
        LogCursor.Line plain = LogCursor.parse("2026 was a year");
        assertThat(plain.timestamp()).isNull();
        assertThat(plain.withoutTimestamp()).isEqualTo("2026 was a year");
    }
}
