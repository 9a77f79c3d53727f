package dev.ecivk.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecivk.translate.WarningReason;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Every warning the translator can give reaches the Pod as an Event with its own reason, not a generic one. */
class EventReasonCoverageTest {
    @Test
    void everyTranslationWarningHasAnEventReason() {
        for (WarningReason w : WarningReason.values()) {
            assertThat(Arrays.stream(EventReason.values()).map(Enum::name))
                    .as("EventReason for %s", w)
                    .contains(w.name());
        }
    }
}
