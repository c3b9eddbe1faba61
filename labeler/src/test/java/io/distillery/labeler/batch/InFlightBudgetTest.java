package io.distillery.labeler.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class InFlightBudgetTest {

  @Test
  void shouldStopSendingAtTheBatchLimitAndResumeWhenAnswered() {
    InFlightBudget budget = new InFlightBudget(new BatchPolicy(8, Duration.ZERO, 2, 1000));
    budget.batchSent();
    assertThat(budget.canSendBatch()).isTrue();
    budget.batchSent();
    assertThat(budget.canSendBatch()).isFalse();
    budget.batchDone();
    assertThat(budget.canSendBatch()).isTrue();
  }

  @Test
  void shouldSaturateAtTheByteLimit() {
    InFlightBudget budget = new InFlightBudget(new BatchPolicy(8, Duration.ZERO, 2, 1000));
    budget.acquireBytes(999);
    assertThat(budget.saturated()).isFalse();
    budget.acquireBytes(1);
    assertThat(budget.saturated()).isTrue();
    assertThat(budget.canAcceptBytes()).isFalse();
    budget.releaseBytes(500);
    assertThat(budget.saturated()).isFalse();
    assertThat(budget.bytesInFlight()).isEqualTo(500);
  }

  @Test
  void shouldRefuseUnbalancedAccounting() {
    InFlightBudget budget = new InFlightBudget(new BatchPolicy(8, Duration.ZERO, 2, 1000));
    assertThatThrownBy(budget::batchDone).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> budget.releaseBytes(1)).isInstanceOf(IllegalStateException.class);
  }
}
