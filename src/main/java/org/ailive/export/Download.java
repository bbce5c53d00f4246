package org.ailive.export;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;

/** A file to download: its content type and a file name the browser saves it under. */
public final class Download {

  public static final String CSV = "text/csv; charset=utf-8";
  public static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  public static final String PDF = "application/pdf";
  public static final String DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

  /** Excel reads a UTF-8 CSV as UTF-8 (dashes, £) only when it starts with a byte order mark. */
  public static final String BOM = "\uFEFF";

  private static final String PANEL_CODE = """
    SELECT dd.code FROM panel p JOIN double_district dd ON dd.id = p.double_district_id WHERE p.id = $1""";

  private Download() {
  }

  public static void headers(HttpServerResponse response, String contentType, String fileName) {
    response.putHeader("Content-Type", contentType)
      .putHeader("Content-Disposition", "attachment; filename=\"" + fileName + "\"");
  }

  public static void send(RoutingContext ctx, String contentType, String fileName, Buffer body) {
    headers(ctx.response(), contentType, fileName);
    ctx.response().setStatusCode(200).end(body);
  }

  /** Parts joined by dashes, with anything but letters, digits, dots and dashes dropped. */
  public static String fileName(String extension, Object... parts) {
    String base = Arrays.stream(parts).filter(Objects::nonNull).map(String::valueOf)
      .map(p -> p.replaceAll("[^A-Za-z0-9.-]+", "-").replaceAll("(^-+|-+$)", ""))
      .filter(p -> !p.isEmpty())
      .collect(Collectors.joining("-"));
    return base + "." + extension;
  }

  /** The panel's double-district code (NHST, WHH, ...), which file names carry; null for an unknown panel. */
  public static Future<String> panelCode(SqlClient client, UUID panelId) {
    return client.preparedQuery(PANEL_CODE).execute(Tuple.of(panelId))
      .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString("code"));
  }
}
