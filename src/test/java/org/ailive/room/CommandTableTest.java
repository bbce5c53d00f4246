package org.ailive.room;

import io.vertx.core.json.JsonObject;
import org.ailive.protocol.Json;
import org.ailive.security.SecurityFixture;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The room's command table against the two other places that say who may do what: the command
 * table of docs/PROTOCOL.md (a public contract) and the role x bus table the security tests run
 * (security/bus.csv). A row added to one and not the others fails here.
 */
class CommandTableTest {

  private static final Pattern TYPE = Pattern.compile("`([a-z]+\\.[a-zA-Z]+|sync|time)`");
  private static final List<String> ROLES = List.of("officer", "chair", "presenter", "partner", "observer");

  /** Rows of the "### Commands" table in docs/PROTOCOL.md: type, then who, meeting status and fields. */
  private static Map<String, String[]> documented() throws IOException {
    String doc = Files.readString(Path.of("docs/PROTOCOL.md"));
    int start = doc.indexOf("### Commands");
    String section = doc.substring(start, doc.indexOf("\n### ", start + 5));
    Map<String, String[]> out = new LinkedHashMap<>();
    for (String line : section.split("\n")) {
      if (!line.startsWith("| `")) {
        continue;
      }
      String[] cells = line.split("\\|");
      Matcher m = TYPE.matcher(cells[1]);
      while (m.find()) {
        out.put(m.group(1), new String[] {cells[3].strip(), cells[4].strip(), cells[2].strip()});
      }
    }
    return out;
  }

  @Test
  void everyCommandIsDocumentedAndEveryDocumentedCommandExists() throws IOException {
    Set<String> inCode = new TreeSet<>();
    CommandTable.rows().forEach(r -> inCode.add(r.type()));
    assertEquals(new TreeSet<>(documented().keySet()), inCode);
  }

  @Test
  void statusesAgreeWithTheProtocol() throws IOException {
    for (Map.Entry<String, String[]> doc : documented().entrySet()) {
      CommandTable.Row row = CommandTable.find(doc.getKey()).orElseThrow();
      assertEquals(new TreeSet<>(statuses(doc.getValue()[1])), new TreeSet<>(row.statuses()), doc.getKey());
    }
  }

  @Test
  void rolesAgreeWithTheProtocol() throws IOException {
    for (Map.Entry<String, String[]> doc : documented().entrySet()) {
      CommandTable.Row row = CommandTable.find(doc.getKey()).orElseThrow();
      assertEquals(new TreeSet<>(roles(doc.getValue()[0])), new TreeSet<>(row.roles()), doc.getKey());
    }
  }

  /** The fields column names exactly the fields the owner type-checks and hands to the command. */
  @Test
  void fieldsAgreeWithTheProtocol() throws IOException {
    for (Map.Entry<String, String[]> doc : documented().entrySet()) {
      CommandTable.Row row = CommandTable.find(doc.getKey()).orElseThrow();
      assertEquals(fields(doc.getValue()[2]), new TreeSet<>(row.fields().keySet()), doc.getKey());
    }
  }

  /** Each field's type is the one the "Field types" paragraph of docs/PROTOCOL.md gives it. */
  @Test
  void fieldTypesAreTheDocumentedOnes() {
    for (CommandTable.Row row : CommandTable.rows()) {
      row.fields().forEach((field, type) -> assertEquals(documentedType(row.type(), field), type,
        row.type() + " " + field));
    }
  }

  /** The "Field types" paragraph, as a function. */
  static Json.Type documentedType(String command, String field) {
    if (field.equals("itemIds")) {
      return Json.Type.ID_LIST;
    }
    if (field.endsWith("Id")) {
      return Json.Type.ID;
    }
    if (Set.of("after", "minutes", "totalMinutes", "caseMinutes", "aobMinutes").contains(field)) {
      return Json.Type.WHOLE_NUMBER;
    }
    if (Set.of("state", "presence", "allowed", "completionConfirmed", "applyToExisting", "discussed").contains(field)) {
      return Json.Type.BOOLEAN;
    }
    if (field.equals("dueDate")) {
      return Json.Type.DATE;
    }
    if (command.equals("case.edit") && Set.of("value", "baseValue").contains(field)) {
      return Json.Type.TEXT_OR_TEXT_LIST;
    }
    return Json.Type.TEXT;
  }

  /** The field names of a fields cell: each `name` (or `name: value`), leaving out values such as `null`. */
  private static Set<String> fields(String cell) {
    Set<String> out = new TreeSet<>();
    Matcher m = Pattern.compile("`([a-zA-Z]+)[^`]*`").matcher(cell);
    while (m.find()) {
      if (!Set.of("null", "true", "false").contains(m.group(1))) {
        out.add(m.group(1));
      }
    }
    return out;
  }

  /** "Observers only listen: every change from an observer is 403." */
  @Test
  void observersSendNoChange() {
    for (CommandTable.Row row : CommandTable.rows()) {
      assertEquals(!row.isChange(), row.observers(), row.type());
    }
  }

  @Test
  void aPreloadThatRefreshesTheStateCannotBeWrittenWithoutCommittingAlone() {
    assertThrows(IllegalStateException.class, () -> new CommandTable.Row("x.y", CommandTable.PARTICIPANTS,
      List.of("live"), false, CommandTable.Preload.ACTION_ROW, false, (s, c, now) -> null, Map.of()));
    assertThrows(IllegalStateException.class, () -> new CommandTable.Row("x.y", CommandTable.PARTICIPANTS,
      List.of("live"), false, CommandTable.Preload.ACCEPTED_CASES, false, (s, c, now) -> null, Map.of()));
    for (CommandTable.Row row : CommandTable.rows()) {
      assertTrue(!row.preload().refreshesState || row.alone(), row.type());
    }
  }

  /**
   * Each cell of security/bus.csv that sends a command to the demo meeting as a plain role: "allow" needs the role in
   * the row, and an observer's 403 on a change is the row's observers column.
   */
  @Test
  void theRoleByBusTableAgrees() throws IOException {
    List<String> checked = new ArrayList<>();
    for (Map<String, String> cell : SecurityFixture.table("/security/bus.csv")) {
      // The demo meeting's panel seats every identity checked here; other rows test access, not roles.
      if (!"send".equals(cell.get("frame")) || !"ailive.meeting.{demo}.cmd".equals(cell.get("address"))) {
        continue;
      }
      String type = new JsonObject(cell.get("body").replace("{item}", "x").replace("{key}", "k")
        .replace("{member:chair}", "m")).getString("type");
      CommandTable.Row row = CommandTable.find(type).orElse(null);
      if (row == null) {
        continue;
      }
      for (String role : ROLES) {
        String expected = cell.get(role);
        if ("allow".equals(expected)) {
          assertTrue(row.roles().contains(role) && (row.observers() || !"observer".equals(role)),
            type + " allowed for " + role + " in bus.csv line " + cell.get("#line"));
          checked.add(type + "/" + role);
        } else if ("observer".equals(role) && "403".equals(expected)) {
          assertFalse(row.observers(), type + " refused to observers in bus.csv line " + cell.get("#line"));
          checked.add(type + "/" + role);
        }
      }
    }
    assertTrue(checked.size() > 20, "bus.csv cells checked: " + checked);
  }

  private static List<String> statuses(String text) {
    Set<String> out = new LinkedHashSet<>();
    for (String part : text.split(";")) {
      String p = part.contains(":") ? part.substring(part.indexOf(':') + 1) : part;
      p = p.replaceAll("\\(.*\\)", "").strip();
      if (p.equals("any")) {
        out.addAll(CommandTable.ANY_STATUS);
      } else if (p.equals("not closed")) {
        out.addAll(List.of("planned", "open", "live"));
      } else {
        for (String s : p.split(",")) {
          out.add(s.strip());
        }
      }
    }
    return List.copyOf(out);
  }

  /** Who the protocol names: roles by name, or "any participant" and its kin, or "anyone with access". */
  private static List<String> roles(String text) {
    if (text.startsWith("anyone")) {
      return CommandTable.EVERYONE;
    }
    if (text.contains("participant") || text.contains("yourself") || text.contains("its author")
      || text.contains("its proposer") || text.contains("presenter")) {
      return CommandTable.PARTICIPANTS;
    }
    List<String> out = new ArrayList<>();
    for (String role : ROLES) {
      if (Pattern.compile("\\b" + role + "\\b").matcher(text).find()) {
        out.add(role);
      }
    }
    return out;
  }
}
