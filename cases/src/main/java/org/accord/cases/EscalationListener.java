package org.accord.cases;

/**
 * Where the cases clock sends what it reports (the node's seam: log, webhook, e-mail, ledger). Called outside any
 * store transaction, after the event is durable; a listener that throws gets a missed deadline again at the next tick
 * (at least once), never a second recorded miss.
 */
@FunctionalInterface
public interface EscalationListener {
  void on(ClockEvent event);
}
