package org.accord.sensor.detect;

import java.util.Objects;

/**
 * A change in an attack, as {@link Detectors#tick} reports it. One attack is identified by {@code
 * (attack.kind(), attack.target(), attack.startMillis())}; it is reported once {@link Type#STARTED}, then {@link
 * Type#UPDATED} each time one of its peaks grows by the configured factor (or its first sources become known), and
 * once {@link Type#ENDED} (with {@code ongoing == false} and its final end). Every report carries a full snapshot,
 * so a consumer may just keep the latest per identity.
 *
 * @param type what changed
 * @param attack the attack as of this report
 */
public record AttackEvent(Type type, Attack attack) {
  public AttackEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(attack, "attack");
  }

  public enum Type {
    /** First report of an attack ({@code ongoing == true}). */
    STARTED,
    /** A peak grew ({@code ongoing == true}). */
    UPDATED,
    /** The attack is over ({@code ongoing == false}); no further report of it follows. */
    ENDED
  }
}
