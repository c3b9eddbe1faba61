package io.distillery.cli.ingest;

import io.distillery.producers.ingest.IngestListener;
import io.distillery.producers.ingest.Outcome;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Draws ingestion progress on standard error: samples handled, with invalid and failed counts. */
final class ProgressBarListener implements IngestListener, AutoCloseable {

  private final ProgressBar bar;
  private long invalid;
  private long failed;

  ProgressBarListener(String task) {
    this.bar =
        new ProgressBarBuilder()
            .setTaskName("ingest " + task)
            .setStyle(ProgressBarStyle.ASCII)
            .setUnit(" rec", 1)
            .setInitialMax(-1)
            .showSpeed()
            .setConsumer(new ConsoleProgressBarConsumer(System.err))
            .build();
  }

  @Override
  public synchronized void batchStarted(long count) {
    bar.maxHint(Math.max(0, bar.getMax()) + count);
  }

  @Override
  public synchronized void outcome(Outcome outcome) {
    switch (outcome.status()) {
      case INVALID -> invalid++;
      case FAILED -> failed++;
      case SENT -> {}
    }
    bar.step();
    if (invalid + failed > 0) {
      bar.setExtraMessage("invalid=" + invalid + " failed=" + failed);
    }
  }

  @Override
  public void close() {
    bar.close();
  }
}
