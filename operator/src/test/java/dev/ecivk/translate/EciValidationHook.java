package dev.ecivk.translate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecivk.provider.model.ContainerGroupSpec;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs a translated request through the embedded ECI's validation when it is present: {@code
 * EciRequests.createContainerGroup(spec)} → {@code EciValidation.validateCreate(params)} must report nothing.
 * Absent classes mean "not merged yet": no check.
 */
final class EciValidationHook {

    private EciValidationHook() {}

    static List<Consumer<ContainerGroupSpec>> checks() {
        try {
            Method flatten = Class.forName("dev.ecivk.provider.eci.EciRequests")
                    .getMethod("createContainerGroup", ContainerGroupSpec.class);
            Method validate = Class.forName("dev.ecivk.simulator.EciValidation").getMethod("validateCreate", Map.class);
            return List.of(spec -> {
                try {
                    Object params = flatten.invoke(null, spec);
                    List<?> violations = (List<?>) validate.invoke(null, params);
                    assertThat(violations)
                            .as("EciValidation of %s", spec.name())
                            .isEmpty();
                } catch (IllegalAccessException | InvocationTargetException e) {
                    throw new AssertionError("EciValidation hook failed for " + spec.name(), e);
                }
            });
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            return List.of();
        }
    }
}
