package org.ailive.room;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The pages and the server name an action's statuses in the same words, from one table each. */
class ActionStatusLabelsTest {

  private static final Path MODULE = Path.of("webroot/js/action-status.js");

  @Test
  void thePagesSayWhatTheExportsAndMinutesSay() throws IOException {
    String js = Files.readString(MODULE);
    Matcher table = Pattern.compile("ACTION_STATUS_LABELS = \\{(.*?)\\};", Pattern.DOTALL).matcher(js);
    table.find();
    Map<String, String> labels = new LinkedHashMap<>();
    Matcher row = Pattern.compile("(\\w+): '([^']*)'").matcher(table.group(1));
    while (row.find()) {
      labels.put(row.group(1), row.group(2));
    }
    assertEquals(VolunteeredAction.STATUS_LABELS, labels);
    assertEquals(List.copyOf(VolunteeredAction.STATUS_LABELS.keySet()), List.copyOf(labels.keySet()), "same order");
  }

  @Test
  void thePagesFollowUpTheSameStatuses() throws IOException {
    String js = Files.readString(MODULE);
    Matcher list = Pattern.compile("FOLLOWED_UP = \\[([^\\]]*)\\]").matcher(js);
    list.find();
    List<String> statuses = new ArrayList<>();
    Matcher item = Pattern.compile("'(\\w+)'").matcher(list.group(1));
    while (item.find()) {
      statuses.add(item.group(1));
    }
    assertEquals(VolunteeredAction.FOLLOWED_UP, statuses);
  }
}
