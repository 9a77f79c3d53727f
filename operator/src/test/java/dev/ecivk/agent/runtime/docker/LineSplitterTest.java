package dev.ecivk.agent.runtime.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineSplitterTest {

    @Test
    void framesCutAnywhereBecomeWholeLines() {
        List<String> lines = new ArrayList<>();
        LineSplitter splitter = new LineSplitter(lines::add);
        byte[] text = "héllo\r\nwörld\nlast".getBytes(StandardCharsets.UTF_8);

        // Cut inside the two-byte é and ö as well as between lines.
        splitter.accept(Arrays.copyOfRange(text, 0, 2));
        splitter.accept(Arrays.copyOfRange(text, 2, 10));
        splitter.accept(Arrays.copyOfRange(text, 10, text.length));
        assertThat(lines).containsExactly("héllo", "wörld");

        splitter.flush();
        assertThat(lines).containsExactly("héllo", "wörld", "last");
    }
}
