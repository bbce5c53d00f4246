package org.ailive.meeting;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** R2: the panel's chosen district goes first at its first meeting; then the two alternate. */
class RotationTest {

  private final UUID a = UUID.randomUUID();
  private final UUID b = UUID.randomUUID();
  private final List<UUID> byName = List.of(a, b);

  @Test
  void thePanelsChoiceGoesFirstAtItsFirstMeeting() {
    assertEquals(b, Rotation.nextFirst(byName, b, null));
    assertEquals(a, Rotation.nextFirst(byName, a, null));
    assertEquals(a, Rotation.nextFirst(byName, null, null), "no choice: the first by name");
    assertEquals(a, Rotation.nextFirst(byName, UUID.randomUUID(), null), "a choice not among them: the first by name");
  }

  @Test
  void afterTheFirstMeetingTheyAlternateWhateverTheChoice() {
    assertEquals(a, Rotation.nextFirst(byName, b, b));
    assertEquals(b, Rotation.nextFirst(byName, b, a));
    assertEquals(b, Rotation.nextFirst(byName, null, a));
  }
}
