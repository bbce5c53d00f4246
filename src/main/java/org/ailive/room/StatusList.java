package org.ailive.room;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A list of statuses written into SQL as {@code ('a', 'b')}, once, where the list is defined: the
 * statuses are constants of this package (never user input), so the queries read them from their
 * one home instead of repeating them.
 */
final class StatusList {

  private StatusList() {
  }

  static String sql(List<String> statuses) {
    for (String s : statuses) {
      if (!s.matches("[a-z_]+")) {
        throw new IllegalArgumentException("not a status: " + s);
      }
    }
    return statuses.stream().map(s -> "'" + s + "'").collect(Collectors.joining(", ", "(", ")"));
  }
}
