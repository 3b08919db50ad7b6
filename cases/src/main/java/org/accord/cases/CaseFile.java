package org.accord.cases;

import java.util.List;
import java.util.Optional;
import org.accord.store.CaseRecords.DeadlineRow;

/**
 * A request as both parties see it: the request, where it stands, every transition so far, the clocks set when it
 * was received (with the clause that set them) and the state of each deadline.
 */
public record CaseFile(
    AssistanceRequest request, CaseState state, List<Step> steps, Optional<Deadlines> clocks,
    List<DeadlineRow> deadlines) {
  public CaseFile {
    steps = List.copyOf(steps);
    deadlines = List.copyOf(deadlines);
  }

  /** What each party may do now (for the request's screens and error messages). */
  public List<Lifecycle.Move> allowed() {
    return Lifecycle.allowed(state);
  }
}
