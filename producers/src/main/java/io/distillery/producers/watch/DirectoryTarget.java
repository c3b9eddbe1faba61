package io.distillery.producers.watch;

import io.distillery.producers.ingest.Outcome;
import io.distillery.producers.source.DirectorySource;
import io.distillery.producers.source.Sample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Follows a directory. A file is taken once its size and modification time are unchanged over two
 * polls (so a file still being copied is not read half-written) and differ from what the state says
 * was handled. Refused files are remembered too, until they change.
 */
public final class DirectoryTarget implements WatchTarget {

  private final DirectorySource source;
  private final Map<String, WatchState.FileMark> lastPoll = new HashMap<>();

  /** Follows the directory {@code root}. */
  public DirectoryTarget(Path root) {
    this.source = new DirectorySource(root);
  }

  @Override
  public String description() {
    return source.description();
  }

  @Override
  public Batch poll(WatchState state) throws IOException {
    List<Sample> samples = new ArrayList<>();
    List<WatchState.FileMark> marks = new ArrayList<>();
    Map<String, WatchState.FileMark> seen = new HashMap<>();
    for (Path file : source.files()) {
      WatchState.FileMark mark;
      try {
        mark =
            new WatchState.FileMark(
                Files.size(file), Files.getLastModifiedTime(file).toMillis(), null, null);
      } catch (NoSuchFileException e) {
        continue; // deleted since the listing
      }
      String identity = source.relative(file);
      seen.put(identity, mark);
      boolean stable = mark.equals(lastPoll.get(identity));
      WatchState.FileMark handled = state.files.get(identity);
      boolean done =
          handled != null
              && handled.size() == mark.size()
              && handled.modifiedMillis() == mark.modifiedMillis();
      if (stable && !done) {
        samples.add(source.sampleFor(file));
        marks.add(mark);
      }
    }
    lastPoll.clear();
    lastPoll.putAll(seen);
    return new Batch(samples, outcomes -> commit(state, marks, outcomes));
  }

  private static void commit(
      WatchState state, List<WatchState.FileMark> marks, List<Outcome> outcomes) {
    for (int i = 0; i < outcomes.size(); i++) {
      Outcome outcome = outcomes.get(i);
      WatchState.FileMark mark = marks.get(i);
      switch (outcome.status()) {
        case SENT ->
            state.files.put(
                outcome.sample().identity(),
                new WatchState.FileMark(
                    mark.size(), mark.modifiedMillis(), outcome.recordId(), null));
        case INVALID ->
            state.files.put(
                outcome.sample().identity(),
                new WatchState.FileMark(
                    mark.size(), mark.modifiedMillis(), outcome.recordId(), outcome.reason()));
        case FAILED -> {} // not recorded: retried on the next poll
      }
    }
  }
}
