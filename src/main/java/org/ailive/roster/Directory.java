package org.ailive.roster;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** What a members file is checked against: the agencies, the panels and the members it names. */
record Directory(Map<String, Agency> agencies, Map<String, UUID> panels, Map<String, Existing> members) {

  record Agency(UUID id, String name, String attendance, boolean retired) {
  }

  /** A member the file names, as they are now. */
  record Existing(UUID id, String fullName, UUID agencyId, Set<String> roles, boolean active, Set<UUID> panels) {
  }

  /** @param emails the file's e-mail addresses, lower-case */
  static Future<Directory> load(SqlClient client, Collection<String> emails) {
    Map<String, Agency> agencies = new LinkedHashMap<>();
    Map<String, UUID> panels = new LinkedHashMap<>();
    Map<String, Existing> members = new HashMap<>();
    return client.query(RosterSql.AGENCIES).execute()
      .compose(rows -> {
        rows.forEach(r -> agencies.put(key(r.getString("name")), new Agency(r.getUUID("id"), r.getString("name"),
          r.getString("attendance"), r.getBoolean("retired"))));
        return client.query(RosterSql.PANELS).execute();
      })
      .compose(rows -> {
        rows.forEach(r -> panels.put(r.getString("code").toUpperCase(Locale.ROOT), r.getUUID("id")));
        return client.preparedQuery(RosterSql.MEMBERS).execute(Tuple.tuple().addValue(emails.toArray(new String[0])));
      })
      .map(rows -> {
        rows.forEach(r -> members.put(r.getString("email"), existing(r)));
        return new Directory(agencies, panels, members);
      });
  }

  private static Existing existing(Row r) {
    return new Existing(r.getUUID("id"), r.getString("full_name"), r.getUUID("agency_id"),
      Set.copyOf(Arrays.asList(r.getArrayOfStrings("roles"))), r.getBoolean("active"), Set.copyOf(Arrays.asList(r.getArrayOfUUIDs("panels"))));
  }

  /** Agencies match whatever their capitals and spacing. */
  static String key(String agencyName) {
    return agencyName.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
  }

  String agencyName(UUID id) {
    return agencies.values().stream().filter(a -> a.id().equals(id)).map(Agency::name).findFirst().orElse("no agency");
  }

  String panelCode(UUID id) {
    return panels.entrySet().stream().filter(e -> e.getValue().equals(id)).map(Map.Entry::getKey).findFirst().orElse("?");
  }
}
