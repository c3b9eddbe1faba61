package io.distillery.producers.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RatePacerTest {

  private long now = 5_000;

  @Test
  void shouldSpaceAcquisitionsByTheInterval() throws Exception {
    RatePacer pacer = new RatePacer(10, () -> now, nanos -> now += nanos);
    for (int i = 0; i < 11; i++) {
      pacer.acquire();
    }
    assertThat(now - 5_000).isEqualTo(1_000_000_000L);
  }

  @Test
  void shouldNotBurstAfterFallingBehind() throws Exception {
    RatePacer pacer = new RatePacer(100, () -> now, nanos -> now += nanos);
    pacer.acquire();
    now += 5_000_000_000L;
    long before = now;
    pacer.acquire();
    pacer.acquire();
    assertThat(now - before).isEqualTo(10_000_000L);
  }

  @Test
  void shouldNeverWaitWhenUnlimited() throws Exception {
    RatePacer pacer = new RatePacer(0, () -> now, nanos -> now += nanos);
    for (int i = 0; i < 1000; i++) {
      pacer.acquire();
    }
    assertThat(now).isEqualTo(5_000);
  }

  @Test
  void shouldRejectNegativeRate() {
    assertThatThrownBy(() -> RatePacer.perSecond(-1)).hasMessageContaining("rate must be >= 0");
  }
}
