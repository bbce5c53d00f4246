package org.ailive.security;

import io.vertx.core.json.JsonArray;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.ailive.security.FuzzInputs.*;
import static org.ailive.security.FuzzTest.*;

/** The requests to every route of the route table, each refused once one thing is wrong. */
class FuzzRoutes extends FuzzValues {

  FuzzRoutes(Random rnd, boolean knownDefects) {
    super(rnd, knownDefects);
  }

  List<Route> routes() {
    String demo = fx.demoMeeting;
    String item2 = itemIds.get(1);
    List<Route> out = new ArrayList<>();
    Map<String, List<String>> none = Map.of();
    // Public routes: the base body is itself refused (wrong credentials, made-up link).
    out.add(new Route("POST", "/api/auth/sign-in", null, Body.of("email", "fuzz@nowhere.example", "password", "wrong"),
      List.of(F.text("email", true, 320), F.text("password", true, 1024)), true, true, true, List.of(), none));
    out.add(new Route("POST", "/api/auth/accept-invitation", null, Body.of("code", "made-up", "password",
      "a long enough password"), List.of(F.text("code", true, 200), F.text("password", true, 1024)
      .bad(q("short"), q("aaaaaaaaaaaaaaaa"), q("abababababababab"))), false, true, true, List.of(), none));
    out.add(new Route("POST", "/api/auth/join", null, Body.of("token", "not.a.jwt"), List.of(F.text("token", true, 4096)),
      true, true, true, List.of(), none));
    // Officer.
    out.add(new Route("POST", "/api/members/invitations", officer, Body.of("fullName", "Fuzz Person", "email",
      "fuzz-{n}@nowhere.example", "agencyId", fx.policeAgency, "roles", new JsonArray().add("partner"), "panelIds",
      new JsonArray()), List.of(F.text("fullName", true, 200), F.text("email", true, 320).bad(q("not-an-email"),
      q("a@b"), q("a b@c.example"), q("@c.example"), q("a@b@c.example")), F.of("agencyId", "uuid?").bad(q(UUID.randomUUID().toString())),
      F.of("roles", "custom").bad("null", MISSING, "[]", "[\"king\"]", q("partner"), "[5]", "[null]", "{}",
        "[\"partner\", \"chair\", \"presenter\", \"officer\", \"observer\", \"partner\"]", "[\"Officer\"]"),
      F.of("panelIds", "custom").bad(q("x"), "[5]", "[\"x\"]", "[\"" + UUID.randomUUID() + "\"]", "{}",
        new JsonArray(Collections.nCopies(51, fx.panel)).encode())), false, true, true, List.of(), none));
    out.add(new Route("PATCH", "/api/members/{0}", officer, Body.of(), List.of(
      F.of("fullName", "custom").bad("null", q(""), q("  "), q("x".repeat(201)), "5", "[]"),
      F.of("agencyId", "custom").bad(q("x"), "5", "[]", q(UUID.randomUUID().toString())),
      F.of("roles", "custom").bad("null", "[]", "[\"king\"]", q("partner"), "[5]"),
      F.of("active", "custom").bad(q("false"), "0", "[]", "{}")), false, false, false,
      List.of(fx.memberIds.get("observer")), none));
    out.add(new Route("GET", "/api/audit", officer, null, List.of(), false, false, false, List.of(), Map.of(
      "from", List.of("2026-13-01", "x", "2026-1-1", "2026-02-30"), "to", List.of("yesterday", "2026/01/01"),
      "limit", List.of("0", "10001", "abc", "1.5", "-1", "", "1e3", "99999999999"),
      "action", List.of("x".repeat(61)))));
    out.add(new Route("POST", "/api/panels/{0}/members", officer, Body.of("memberId", fx.memberIds.get("outsider-partner")),
      List.of(F.of("memberId", "uuid").bad(q(UUID.randomUUID().toString()))), false, true, true, List.of(fx.panel), none));
    out.add(new Route("DELETE", "/api/panels/{0}/members/{1}", officer, null, List.of(), true, false, false,
      List.of(fx.panel, UUID.randomUUID().toString()), none));
    out.add(new Route("POST", "/api/meetings", officer, Body.of("panelId", fx.foreignPanel, "meetingDate", "2031-{mm}-{dd}",
      "startsAt", "09:30", "endsAt", "12:30", "location", "Fuzz", "firstDistrictId", fx.foreignDistrict), List.of(
      F.of("panelId", "uuid").bad(q(UUID.randomUUID().toString())), F.of("meetingDate", "date"), F.of("startsAt", "time?"),
      F.of("endsAt", "time?").bad(q("08:00"), q("09:30")), F.text("location", false, 200),
      F.of("firstDistrictId", "uuid?").bad(q(UUID.randomUUID().toString()), q(fx.demoDistrict))), false, true, true,
      List.of(), none));
    out.add(new Route("POST", "/api/meetings/{0}/join-links", officer, Body.of("memberId", fx.memberIds.get("partner")),
      List.of(F.of("memberId", "uuid").bad(q(UUID.randomUUID().toString()), q(fx.memberIds.get("outsider-partner")))),
      false, true, true, List.of(demo), none));
    out.add(new Route("DELETE", "/api/meetings/{0}/join-links/{1}", officer, null, List.of(), true, false, false,
      List.of(demo, UUID.randomUUID().toString()), none));
    // Reads by id or with filters.
    for (String p : List.of("/api/meetings/{0}", "/api/meetings/{0}/room", "/api/meetings/{0}/follow-up",
      "/api/meetings/{0}/cases", "/api/meetings/{0}/minutes-draft", "/api/meetings/{0}/join-links",
      "/api/exports/meetings/{0}/minutes")) {
      out.add(new Route("GET", p, chair, null, List.of(), false, false, false, List.of(demo), none));
    }
    out.add(new Route("GET", "/api/meetings/{0}/events", chair, null, List.of(), false, false, false, List.of(demo),
      Map.of("after", List.of("-1", "abc", "2147483648", "1e3", "0x10", "", "1.0", "99999999999999999999"))));
    out.add(new Route("GET", "/api/cases", officer, null, List.of(), true, false, false, List.of(),
      Map.of("mine", List.of("false", "1", "TRUE", "", "yes"))));
    out.add(new Route("POST", "/api/cases", officer, Body.of("meetingId", fx.foreignMeeting, "familyRef", "WH-FZ-{n}",
      "districtId", fx.foreignDistrict, "ffaOpen", true, "consentToShare", true, "reasonForBringing", "r",
      "summaryOfConcerns", "s", "presentingNeeds", new JsonArray().add("neglect"), "voiceOfChild", "v"), caseFields(true),
      false, true, true, List.of(), none));
    out.add(new Route("PUT", "/api/cases/{0}", officer, Body.of("version", 1, "familyRef", "WH-FZ-{n}"), caseFields(false),
      false, true, true, List.of(fx.draftCase), none));
    out.add(new Route("POST", "/api/cases/{0}/submit", officer, Body.of("version", 1),
      List.of(F.integer("version", false, 1, Integer.MAX_VALUE)), true, true, true, List.of(fx.draftCase), none));
    for (String p : List.of("/api/cases/{0}", "/api/cases/{0}/key-agencies")) {
      out.add(new Route("GET", p, chair, null, List.of(), false, false, false, List.of(fx.closedCase), none));
    }
    out.add(new Route("POST", "/api/cases/{0}/accept", chair, null, List.of(), true, true, true, List.of(fx.closedCase), none));
    out.add(new Route("POST", "/api/cases/{0}/decline", chair, Body.of("reason", "r"), List.of(F.text("reason", true, 2000)),
      true, true, true, List.of(fx.closedCase), none));
    out.add(new Route("POST", "/api/cases/{0}/outcome", chair, Body.of("outcome", "ifst"), List.of(F.of("outcome", "enum")
      .bad(q("IFST"), q("ifst "), q("not_recorded"))), false, true, true, List.of(fx.closedCase), none));
    out.add(new Route("GET", "/api/actions", partner, null, List.of(), false, false, false, List.of(), Map.of(
      "overdue", List.of("maybe", "1", "TRUE"), "mine", List.of("yes", "0"), "panelId", List.of("x", "123", "' OR 1=1"),
      "meetingId", List.of("x"), "agencyId", List.of("%00"), "status", List.of("bogus", "open,,", "OPEN", ",", "open;drop"))));
    out.add(new Route("GET", "/api/actions/{0}", partner, null, List.of(), false, false, false, List.of(fx.openAction), none));
    out.add(new Route("POST", "/api/actions/{0}/progress", partner, Body.of("body", "Fuzz progress"), List.of(
      F.text("body", true, 4000), F.of("status", "enum?").bad(q("open"), q("closed"), q("dropped"), q("IN_PROGRESS"))),
      false, true, true, List.of(fx.openAction), none));
    out.add(new Route("POST", "/api/actions/{0}/drop", chair, Body.of("reason", "Fuzz"), List.of(F.text("reason", true, 2000)),
      false, true, true, List.of(fx.openAction), none));
    out.add(new Route("GET", "/api/panels/{0}/agenda-suggestions", chair, null, List.of(), false, false, false,
      List.of(fx.panel), Map.of("before", List.of("2026-13-01", "x", "2026-1-1", "20260101", "2026-02-30"))));
    for (String p : List.of("/api/exports/actions.csv", "/api/exports/actions.xlsx")) {
      out.add(new Route("GET", p, chair, null, List.of(), false, false, false, List.of(), Map.of(
        "panelId", List.of("x", UUID.randomUUID().toString()), "meetingId", List.of("x"), "agencyId", List.of("1"),
        "status", List.of("bogus", "open,"), "overdue", List.of("maybe"))));
    }
    out.add(new Route("POST", "/api/exports/meetings/{0}/minutes", chair, Body.of("note", "Fuzz"), List.of(
      F.of("note", "custom").bad(q(""), q("   "), q("x".repeat(4001)), "5", "[]", "{}", "true")), false, false, false,
      List.of(demo), none));
    for (String v : List.of("/api/exports/meetings/{0}/minutes/{1}", "/api/exports/meetings/{0}/minutes/{1}/pdf")) {
      out.add(new Route("GET", v, chair, null, List.of(), true, false, false, List.of(demo, "latest"), none));
    }
    out.add(new Route("POST", "/api/exports/meetings/{0}/minutes/{1}/approve", chair, null, List.of(), true, true, true,
      List.of(demo, "latest"), none));
    for (String report : List.of("attendance", "needs", "outcomes", "timing")) {
      for (String ext : List.of("", ".csv", ".xlsx")) {
        Map<String, List<String>> q = new LinkedHashMap<>();
        q.put("from", List.of("2026-13-01", "x", "2026-02-30"));
        q.put("to", List.of("2026/01/01", "0"));
        q.put("panelId", List.of("x", "' OR 1=1"));
        if (report.equals("timing")) {
          q.put("meetingId", List.of("x"));
        }
        out.add(new Route("GET", "/api/reports/" + report + ext, chair, null, List.of(), false, false, false, List.of(), q));
      }
    }
    // Routes with nothing to get wrong but the token.
    for (String p : List.of("/api/me", "/api/members", "/api/panels", "/api/agencies", "/api/meetings", "/api/cases/template",
      "/api/audit.csv")) {
      out.add(new Route("GET", p, officer, null, List.of(), false, false, false, List.of(), none));
    }
    for (String p : List.of("/api/auth/sign-out", "/api/auth/refresh")) {
      out.add(new Route("POST", p, officer, null, List.of(), false, false, false, List.of(), none));
    }
    return out;
  }

  List<F> caseFields(boolean creating) {
    List<F> out = new ArrayList<>();
    if (creating) {
      out.add(F.of("meetingId", "uuid").bad(q(UUID.randomUUID().toString()), q(fx.closedMeeting)));
      out.add(F.of("presenterMemberId", "uuid?").bad(q(UUID.randomUUID().toString()), q(fx.memberIds.get("outsider-partner"))));
      out.add(F.text("familyRef", true, 40).bad(q("mum@family.example"), q("07700 900123"), q("+44 (0)1438 737 000")));
      out.add(F.of("districtId", "uuid").bad(q(UUID.randomUUID().toString()), q(fx.demoDistrict)));
    } else {
      out.add(F.integer("version", true, 1, Integer.MAX_VALUE).bad("999999"));
      out.add(F.of("meetingId", "custom").bad(q(fx.demoMeeting), q(UUID.randomUUID().toString())));
      // On an edit a field left out is kept, so only wrong values (null included) are wrong.
      out.add(F.text("familyRef", false, 40).bad("null", q(""), q("  "), q("mum@family.example"), q("07700 900123")));
      out.add(F.of("districtId", "uuid?").bad("null", q(UUID.randomUUID().toString()), q(fx.demoDistrict)));
    }
    out.add(F.of("ffaOpen", "bool?").bad("null"));
    out.add(F.of("consentToShare", "bool?").bad("null"));
    for (String t : List.of("reasonForBringing", "summaryOfConcerns", "voiceOfChild")) {
      out.add(new F(t, "text?", 0, 10_000, List.of()));
    }
    out.add(F.of("presentingNeeds", "custom").bad(q("neglect"), "[5]", "[\"bogus\"]", "[\"NEGLECT\"]", "{}", "[null]",
      new JsonArray(Collections.nCopies(16, "neglect")).encode()));
    out.add(F.of("reviewDate", "date?").bad(q("2000-01-01"), q("2099-01-01")));
    return out;
  }

  /** Every route: its base if refused as is, one wrong field at a time, wrong ids, wrong filters, bad bodies, bad tokens. */
  void routes(List<HttpCase> out) {
    AtomicInteger n = new AtomicInteger();
    Function<String, String> fresh = s -> s == null ? null : s.replace("{n}", Integer.toString(n.incrementAndGet()))
      .replace("{mm}", String.format("%02d", 1 + rnd.nextInt(12))).replace("{dd}", String.format("%02d", 1 + rnd.nextInt(28)));
    for (Route r : routes()) {
      String path = path(r, -1, null);
      Map<String, String> headers = jsonHeaders(r.token());
      String base = r.base() == null ? null : r.base().encode();
      if (r.baseRefused()) {
        out.add(request(r, path, headers, fresh.apply(base), "base, refused as it is"));
      }
      for (F f : r.fields()) {
        for (String bad : badValues(f)) {
          String body = fresh.apply(r.base().with(f.name(), bad).encode());
          out.add(request(r, path, headers, body, "field " + f.name()));
        }
      }
      for (int i = 0; i < r.pathIds().size(); i++) {
        for (String badId : some(badIds(), 6)) {
          out.add(request(r, path(r, i, badId), headers, fresh.apply(base), "path id " + i));
        }
      }
      if (r.path().contains("minutes/{1}")) {
        for (String v : List.of("0", "-1", "abc", "100001", "1.5", "LATEST", "approved", "1e2", "9999999999")) {
          out.add(request(r, path(r, 1, v), headers, null, "version"));
        }
      }
      for (Map.Entry<String, List<String>> q : r.query().entrySet()) {
        for (String v : q.getValue()) {
          String sep = path.contains("?") ? "&" : "?";
          out.add(request(r, path + sep + q.getKey() + "=" + java.net.URLEncoder.encode(v, StandardCharsets.UTF_8),
            headers, null, "query " + q.getKey()));
        }
      }
      if (!r.method().equals("GET") && !r.method().equals("DELETE") && r.base() != null) {
        for (Map.Entry<byte[], Boolean> m : some(malformed(), 14)) {
          boolean empty = m.getKey().length == 0;
          if ((m.getValue() && !r.emptyObjectRefused()) || (empty && !r.emptyBodyRefused())) {
            continue;
          }
          Map<String, String> h = new LinkedHashMap<>(headers);
          h.put("Content-Type", pick(List.of("application/json", "text/plain", "application/xml",
            "application/json; charset=utf-16", "application/octet-stream")));
          out.add(new HttpCase(r.method(), path, h, m.getKey(), r.token(), "malformed body"));
        }
        if (r.emptyBodyRefused()) {
          Map<String, String> form = new LinkedHashMap<>(headers);
          form.put("Content-Type", "application/x-www-form-urlencoded");
          out.add(new HttpCase(r.method(), path, form, "a=1&type=sync".getBytes(StandardCharsets.UTF_8), r.token(), "form"));
          Map<String, String> multipart = new LinkedHashMap<>(headers);
          multipart.put("Content-Type", "multipart/form-data; boundary=zz");
          out.add(new HttpCase(r.method(), path, multipart, ("--zz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n"
            + "--zz--\r\n").getBytes(StandardCharsets.UTF_8), r.token(), "multipart"));
        }
      }
      if (r.token() != null) {
        for (Map<String, String> auth : some(badAuth(), 4)) {
          Map<String, String> h = new LinkedHashMap<>(headers);
          h.remove("Authorization");
          h.putAll(auth);
          String body = r.base() == null ? null : fresh.apply(base);
          out.add(new HttpCase(r.method(), path, h, body == null ? null : body.getBytes(StandardCharsets.UTF_8),
            null, "bad token"));
        }
      }
    }
    // Wrong roles: valid requests from members whose role does not allow them.
    Map<String, String> asPartner = jsonHeaders(partner);
    out.add(new HttpCase("POST", "/api/meetings", asPartner, Body.of("panelId", fx.panel, "meetingDate", "2031-05-07")
      .encode().getBytes(StandardCharsets.UTF_8), partner, "wrong role"));
    out.add(new HttpCase("POST", "/api/members/invitations", jsonHeaders(chair), Body.of("fullName", "Role Test", "email",
      "role@nowhere.example", "roles", new JsonArray().add("officer")).encode().getBytes(StandardCharsets.UTF_8), chair,
      "wrong role"));
    out.add(new HttpCase("PATCH", "/api/members/" + policeId, jsonHeaders(chair), "{\"roles\": [\"officer\"]}"
      .getBytes(StandardCharsets.UTF_8), chair, "wrong role"));
    out.add(new HttpCase("POST", "/api/actions/" + fx.openAction + "/drop", asPartner, "{\"reason\": \"mine\"}"
      .getBytes(StandardCharsets.UTF_8), partner, "wrong role"));
    out.add(new HttpCase("POST", "/api/cases/" + fx.closedCase + "/outcome", asPartner, "{\"outcome\": \"none\"}"
      .getBytes(StandardCharsets.UTF_8), partner, "wrong role"));
    out.add(new HttpCase("PUT", "/api/cases/" + fx.draftCase, jsonHeaders(presenter),
      "{\"version\": 1, \"familyRef\": \"X-1\"}".getBytes(StandardCharsets.UTF_8), partner, "not its presenter"));
    out.add(new HttpCase("POST", "/api/actions/" + fx.openAction + "/progress", jsonHeaders(observer),
      "{\"body\": \"observer\"}".getBytes(StandardCharsets.UTF_8), observer, "observer writes"));
    out.add(new HttpCase("POST", "/api/exports/meetings/" + fx.foreignMeeting + "/minutes", jsonHeaders(chair),
      "{\"note\": \"other panel\"}".getBytes(StandardCharsets.UTF_8), chair, "another panel's meeting"));
    // Unknown routes and methods.
    for (String[] mp : new String[][] {{"GET", "/api/nothing"}, {"DELETE", "/api/meetings"}, {"PUT", "/api/meetings/" + fx.demoMeeting},
      {"PATCH", "/api/cases/" + fx.closedCase}, {"DELETE", "/api/cases/" + fx.draftCase}, {"POST", "/api/me"},
      {"DELETE", "/api/members/" + policeId}, {"POST", "/api/audit"}, {"OPTIONS", "/api/meetings"}, {"TRACE", "/api/me"},
      {"GET", "/api/../../etc/passwd"}, {"GET", "/api/meetings/" + fx.demoMeeting + "/commands"}}) {
      out.add(new HttpCase(mp[0], mp[1], jsonHeaders(officer), null, officer, "no such route"));
    }
  }
}
