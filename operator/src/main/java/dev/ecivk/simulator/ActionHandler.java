package dev.ecivk.simulator;

import java.util.Map;

/** One ECI action: a call in, the JSON-ready answer out (without {@code RequestId}), or an {@link EciApiException}. */
@FunctionalInterface
interface ActionHandler {
    Map<String, Object> handle(ApiCall call);
}
