package dev.ecivk.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FlatParamsTest {

    @Test
    void numberedLevelsBecomeListsInIndexOrderAndOthersStayMaps() {
        FlatParams.Node root = FlatParams.tree(Map.of(
                "Container.2.Name", "b",
                "Container.10.Name", "j",
                "Container.1.Name", "a",
                "Container.1.Command.1", "sh",
                "Tag.01.Key", "leading zero",
                "Volume.0.Name", "zero"));
        assertThat(root.nodes("Container")).extracting(n -> n.str("Name")).containsExactly("a", "b", "j");
        assertThat(root.nodes("Container").get(0).strings("Command")).isEqualTo(List.of("sh"));
        // not list indexes: a leading zero, zero itself; these levels stay maps
        assertThat(root.child("Tag").child("01").str("Key")).isEqualTo("leading zero");
        assertThat(root.child("Volume").child("0").str("Name")).isEqualTo("zero");
    }

    @Test
    void anIndexIsOneToFiveDigitsWithoutALeadingZero() {
        assertThat(FlatParams.isIndex("1")).isTrue();
        assertThat(FlatParams.isIndex("99999")).isTrue();
        assertThat(FlatParams.isIndex("100000")).isFalse();
        assertThat(FlatParams.isIndex("0")).isFalse();
        assertThat(FlatParams.isIndex("07")).isFalse();
        assertThat(FlatParams.isIndex("1a")).isFalse();
        assertThat(FlatParams.isIndex("")).isFalse();
    }
}
