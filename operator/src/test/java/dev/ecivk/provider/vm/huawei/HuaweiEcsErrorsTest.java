package dev.ecivk.provider.vm.huawei;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecivk.provider.FailureClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The code table of vm-apis.md §3.7, row by row, plus what an unknown code falls back to. */
class HuaweiEcsErrorsTest {

    @ParameterizedTest(name = "{0} [{1}] byId={2} -> {3}")
    @CsvSource({
        // quota / capacity
        "Ecs.0001, 400, false, CAPACITY",
        "Ecs.0012, 400, false, CAPACITY",
        "Ecs.0013, 400, false, CAPACITY",
        "Ecs.0018, 400, false, CAPACITY",
        "Ecs.0019, 400, false, CAPACITY",
        "Ecs.0021, 400, false, CAPACITY",
        "Ecs.0022, 400, false, CAPACITY",
        "Ecs.0044, 400, false, CAPACITY",
        "Ecs.0319, 0, false, CAPACITY",
        "Ecs.0913, 400, false, PERMANENT",
        // invalid request
        "Ecs.0000, 400, false, PERMANENT",
        "Ecs.0005, 400, false, PERMANENT",
        "Ecs.0014, 400, false, PERMANENT",
        "Ecs.0029, 400, false, PERMANENT",
        "Ecs.0031, 400, false, PERMANENT",
        "Ecs.0038, 400, false, PERMANENT",
        "Ecs.0082, 400, false, PERMANENT",
        "Ecs.0906, 400, false, PERMANENT",
        "Ecs.0915, 400, false, PERMANENT",
        "Ecs.0089, 400, false, PERMANENT",
        // idempotency misuse
        "Ecs.0122, 400, false, PERMANENT",
        "Ecs.0123, 400, false, PERMANENT",
        // state / lock
        "Ecs.0100, 409, false, TRANSIENT",
        "Ecs.0603, 501, false, TRANSIENT",
        "Ecs.0605, 403, true, PERMANENT",
        "Ecs.0030, 403, true, PERMANENT",
        // not found: only when the call addressed the server
        "Ecs.0114, 404, true, NOT_FOUND",
        "Ecs.0614, 404, true, NOT_FOUND",
        "Ecs.0114, 404, false, PERMANENT",
        "Common.0011, 400, true, NOT_FOUND",
        // operation failures, most reported inside jobs
        "Ecs.0201, 0, false, TRANSIENT",
        "Ecs.0204, 0, false, TRANSIENT",
        "Ecs.0219, 0, false, TRANSIENT",
        "Ecs.0226, 0, false, TRANSIENT",
        "Ecs.0403, 0, false, TRANSIENT",
        "Ecs.0501, 0, false, TRANSIENT",
        "Ecs.0611, 0, false, TRANSIENT",
        "Common.0021, 0, false, TRANSIENT",
        "Common.0022, 0, false, TRANSIENT",
        // billing / account
        "Ecs.0003, 403, false, PERMANENT",
        "Ecs.0068, 403, false, PERMANENT",
        "Ecs.0513, 400, true, PERMANENT",
        "Ecs.0704, 400, false, PERMANENT",
        "Ecs.7000, 400, false, PERMANENT",
        // auth
        "Ecs.0023, 400, false, PERMANENT",
        "Common.0018, 400, false, PERMANENT",
        "Common.0013, 401, false, PERMANENT",
        "Ecs.0110, 403, false, PERMANENT",
        "Pdp.0001, 403, false, PERMANENT",
        "APIGW.0301, 401, false, PERMANENT",
        // throttling, including flow control answered with 202
        "Common.0024, 202, false, TRANSIENT",
        "Common.1503, 503, false, TRANSIENT",
        "APIGW.0308, 429, false, TRANSIENT",
        // internal / dependency
        "Common.0001, 500, false, TRANSIENT",
        "Ecs.0615, 500, false, TRANSIENT",
        "Ecs.1000, 500, false, TRANSIENT",
        "Ecs.1201, 500, false, TRANSIENT",
        "Ecs.1300, 500, false, TRANSIENT",
        "Ecs.0301, 500, false, TRANSIENT",
        "Ecs.0321, 500, false, TRANSIENT",
        // codes not in the table fall back on the HTTP status
        "Ecs.9999, 400, false, PERMANENT",
        "Ecs.9999, 503, false, TRANSIENT",
        "Ecs.9999, 429, false, TRANSIENT",
        "Ecs.9999, 404, true, NOT_FOUND",
        "APIGW.0101, 404, true, PERMANENT",
        ", 0, false, TRANSIENT",
        ", 404, true, NOT_FOUND",
    })
    void classifies(String code, int status, boolean byId, FailureClass expected) {
        assertThat(HuaweiEcsErrors.classify(status, code, byId)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"Ecs.0018, true", "Ecs.0019, true", "Ecs.0319, true", "Ecs.0044, true", "Ecs.0001, false", ", false"})
    void onlyStockCodesOfTheFlavorAskForAnotherFlavor(String code, boolean another) {
        assertThat(HuaweiEcsErrors.isFlavorStock(code)).isEqualTo(another);
    }
}
