/**
 * {@code accord simulate} (issue 12, parts 4 and 5): N real nodes on one machine, each with its own store, keys,
 * ledger and TAXII server on loopback, under one generated multilateral rulebook; traffic from random parties; an
 * oracle computed from the rulebook alone that every object reached exactly the parties allowed; faults on demand.
 */
package org.accord.sim;
