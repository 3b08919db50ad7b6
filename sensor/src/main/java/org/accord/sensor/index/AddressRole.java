package org.accord.sensor.index;

/**
 * Where an address was seen in a flow, for matching indicators that say where it must be: an {@code
 * ipv4-addr:value} indicator matches an address in any role, {@code network-traffic:src_ref.value} only a source and
 * {@code network-traffic:dst_ref.value} only a destination (STIX 2.1 §6.12). {@link #ANY} matches all of them.
 */
public enum AddressRole {
  SOURCE(1),
  DESTINATION(2),
  ANY(3);

  final int mask;

  AddressRole(int mask) {
    this.mask = mask;
  }
}
