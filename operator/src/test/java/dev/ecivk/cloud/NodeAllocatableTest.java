package dev.ecivk.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecivk.provider.model.AccountUsage;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class NodeAllocatableTest {
    private static AccountUsage usage(double used, double max) {
        return new AccountUsage(used, max, 0, 500, 0, 25, 0, 100);
    }

    @Test
    void theNodesOwnRunningPodsAreAddedBackBecauseTheSchedulerSubtractsThemItself() {
        // 100 vCPUs, 60 used of which 40 are this node's Pods: the scheduler counts the 40, so offer 80 (40 free + 40)
        assertThat(NodeAllocatable.cpu(new BigDecimal("10000"), usage(60, 100), 40))
                .isEqualByComparingTo("80");
    }

    @Test
    void aFullAccountStillOffersWhatTheNodeRunsAndNeverMoreThanTheCapacity() {
        assertThat(NodeAllocatable.cpu(new BigDecimal("10000"), usage(100, 100), 100))
                .isEqualByComparingTo("100");
        assertThat(NodeAllocatable.cpu(new BigDecimal("50"), usage(0, 100), 0)).isEqualByComparingTo("50");
        // other users took more than the quota (it was lowered): nothing below zero
        assertThat(NodeAllocatable.cpu(new BigDecimal("10000"), usage(150, 100), 10))
                .isEqualByComparingTo("0");
    }

    @Test
    void anAccountWithoutAQuotaLeavesTheCapacity() {
        assertThat(NodeAllocatable.cpu(new BigDecimal("10000"), usage(5, -1), 0))
                .isEqualByComparingTo("10000");
        assertThat(NodeAllocatable.headroomRatio(usage(5, -1))).isEqualTo(1);
    }

    @Test
    void podsFollowTheCpuAtFourPerVcpuUpToThePodCapacity() {
        assertThat(NodeAllocatable.pods(20_000, new BigDecimal("100"))).isEqualTo(400);
        assertThat(NodeAllocatable.pods(20_000, new BigDecimal("0.6"))).isEqualTo(2);
        assertThat(NodeAllocatable.pods(1_000, new BigDecimal("10000"))).isEqualTo(1_000);
    }

    @Test
    void headroomIsTheFreeShareOfTheQuota() {
        assertThat(NodeAllocatable.headroomRatio(usage(95, 100))).isEqualTo(0.05);
        assertThat(NodeAllocatable.headroomRatio(usage(0, 0))).isZero();
    }
}
