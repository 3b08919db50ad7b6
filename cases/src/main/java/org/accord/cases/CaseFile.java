package org.accord.cases;

import java.util.List;
import java.util.Optional;
import org.accord.store.CaseRecords.DeadlineRow;
import org.accord.store.CaseRecords.DeliveryRow;

/**
 * A request as both parties see it: the request, where it stands, every transition so far, the clocks set when it
 * was received (with the clause that set them) and the state of each deadline; and, this node's alone, what went
 * wrong in delivering its own steps to the other party (empty when nothing did).
 */
public record CaseFile(
    AssistanceRequest request, CaseState state, List<Step> steps, Optional<Deadlines> clocks,
    List<DeadlineRow> deadlines, List<DeliveryRow> deliveries) {
  public CaseFile {
    steps = List.copyOf(steps);
    deadlines = List.copyOf(deadlines);
    deliveries = List.copyOf(deliveries);
  }

  /** Without delivery lines. */
  public CaseFile(
      AssistanceRequest request, CaseState state, List<Step> steps, Optional<Deadlines> clocks,
      List<DeadlineRow> deadlines) {
    this(request, state, steps, clocks, deadlines, List.of());
  }

  /** What each party may do now (for the request's screens and error messages). */
  public List<Lifecycle.Move> allowed() {
    return Lifecycle.allowed(state);
  }
}
