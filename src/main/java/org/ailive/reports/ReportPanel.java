package org.ailive.reports;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

import java.util.UUID;

/** A panel as reports name it: its double district's code and its name. */
record ReportPanel(UUID id, String code, String name) {

  static ReportPanel from(Row r) {
    return new ReportPanel(r.getUUID("id"), r.getString("code"), r.getString("name"));
  }

  String label() {
    return code + " – " + name;
  }

  JsonObject toJson() {
    return new JsonObject().put("panelId", id.toString()).put("code", code).put("name", name);
  }
}
