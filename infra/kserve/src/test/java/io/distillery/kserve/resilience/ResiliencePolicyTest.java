package io.distillery.kserve.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ResiliencePolicyTest {

  @Property
  void shouldKeepBackoffWithinHalfAndAllOfTheCappedExponential(
      @ForAll @IntRange(min = 1, max = 40) int attempt, @ForAll long seed) {
    Backoff backoff = new Backoff(Duration.ofMillis(10), Duration.ofSeconds(2), 2.0);
    long ceiling = Math.min(2000, 10L << Math.min(attempt - 1, 20));
    Duration d = backoff.delay(attempt, new Random(seed));
    assertThat(d.toNanos()).isBetween(ceiling * 1_000_000 / 2, ceiling * 1_000_000);
  }

  @Test
  void shouldOpenAfterConsecutiveFailuresAndProbeOnceAfterTheOpenPeriod() {
    AtomicLong now = new AtomicLong();
    CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofSeconds(1), now::get);
    breaker.onFailure();
    breaker.onFailure();
    assertThat(breaker.tryAcquire()).isTrue();
    breaker.onFailure();
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
    assertThat(breaker.tryAcquire()).isFalse();
    now.set(Duration.ofSeconds(1).toNanos());
    assertThat(breaker.available()).isTrue();
    assertThat(breaker.tryAcquire()).isTrue();
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
    assertThat(breaker.tryAcquire()).as("only one probe").isFalse();
    breaker.onFailure();
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
    now.addAndGet(Duration.ofSeconds(1).toNanos());
    assertThat(breaker.tryAcquire()).isTrue();
    breaker.onSuccess();
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
  }

  @Test
  void shouldResetTheFailureCountOnSuccess() {
    CircuitBreaker breaker = new CircuitBreaker(2, Duration.ofSeconds(1), () -> 0L);
    breaker.onFailure();
    breaker.onSuccess();
    breaker.onFailure();
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
  }

  @Test
  void shouldPickTheAvailableServerWithFewestOutstandingRequests() {
    Map<String, Integer> load = Map.of("a", 3, "b", 1, "c", 0);
    List<String> servers = List.of("a", "b", "c");
    assertThat(LeastOutstanding.choose(servers, load::get, s -> true, 0)).contains("c");
    assertThat(LeastOutstanding.choose(servers, load::get, s -> !s.equals("c"), 0)).contains("b");
    assertThat(LeastOutstanding.choose(servers, load::get, s -> false, 0)).isEmpty();
  }

  @Test
  void shouldRotateAmongEquallyLoadedServers() {
    List<String> servers = List.of("a", "b", "c");
    assertThat(LeastOutstanding.choose(servers, s -> 0, s -> true, 0)).contains("a");
    assertThat(LeastOutstanding.choose(servers, s -> 0, s -> true, 1)).contains("b");
    assertThat(LeastOutstanding.choose(servers, s -> 0, s -> true, 5)).contains("c");
  }
}
