package org.ailive.reports;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import org.ailive.export.Table;

import java.util.ArrayList;
import java.util.List;

/**
 * R11 referrals: the cases brought in a period (as the needs report counts them) by the agency of the
 * practitioner who presented them, and by the district the family lives in. Counts only: no family
 * reference, no narrative.
 */
record ReferralsReport(int cases, List<ByAgency> byAgency, List<ByDistrict> byDistrict) {

  static final String NO_AGENCY = "No agency recorded";

  record ByAgency(String agencyId, String agency, int cases) {
  }

  record ByDistrict(String code, String district, int cases) {
  }

  static ReferralsReport from(RowSet<Row> agencies, RowSet<Row> districts) {
    List<ByAgency> byAgency = new ArrayList<>();
    agencies.forEach(r -> byAgency.add(new ByAgency(r.getUUID("agency_id") == null ? null : r.getUUID("agency_id").toString(),
      r.getString("agency") == null ? NO_AGENCY : r.getString("agency"), r.getInteger("cases"))));
    List<ByDistrict> byDistrict = new ArrayList<>();
    districts.forEach(r -> byDistrict.add(new ByDistrict(r.getString("code"), r.getString("district"), r.getInteger("cases"))));
    int total = byAgency.stream().mapToInt(ByAgency::cases).sum();
    return new ReferralsReport(total, byAgency, byDistrict);
  }

  JsonObject toJson() {
    JsonArray agencies = new JsonArray();
    byAgency.forEach(a -> agencies.add(new JsonObject().put("agencyId", a.agencyId()).put("agency", a.agency())
      .put("cases", a.cases()).put("percent", NeedsReport.percent(a.cases(), cases))));
    JsonArray districts = new JsonArray();
    byDistrict.forEach(d -> districts.add(new JsonObject().put("code", d.code()).put("district", d.district())
      .put("cases", d.cases()).put("percent", NeedsReport.percent(d.cases(), cases))));
    return new JsonObject().put("cases", cases).put("byAgency", agencies).put("byDistrict", districts);
  }

  Table byAgencyTable() {
    List<List<Object>> rows = new ArrayList<>();
    byAgency.forEach(a -> rows.add(List.of(a.agency(), a.cases(), percentCell(a.cases()))));
    return new Table("Referrals by agency", List.of("Presenting agency", "Cases", "% of cases"), rows);
  }

  Table byDistrictTable() {
    List<List<Object>> rows = new ArrayList<>();
    byDistrict.forEach(d -> rows.add(List.of(d.code(), d.district(), d.cases(), percentCell(d.cases()))));
    return new Table("Referrals by district", List.of("Double district", "District", "Cases", "% of cases"), rows);
  }

  /** List.of holds no null: with no cases at all the percentage is an empty text cell. */
  private Object percentCell(int part) {
    Integer p = NeedsReport.percent(part, cases);
    return p == null ? "" : p;
  }
}
