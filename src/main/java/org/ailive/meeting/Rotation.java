package org.ailive.meeting;

import java.util.List;
import java.util.UUID;

/** R2: the district that goes first alternates month to month. */
public final class Rotation {

  private Rotation() {
  }

  /**
   * @param districts the panel's districts in a stable order (by name)
   * @param panelFirst the district the panel chose to go first at its first meeting, or null for the first by name
   * @param previousFirst the district that went first last time, or null for a panel's first meeting
   */
  public static UUID nextFirst(List<UUID> districts, UUID panelFirst, UUID previousFirst) {
    if (previousFirst == null || !districts.contains(previousFirst)) {
      return panelFirst != null && districts.contains(panelFirst) ? panelFirst : districts.get(0);
    }
    return districts.get((districts.indexOf(previousFirst) + 1) % districts.size());
  }
}
