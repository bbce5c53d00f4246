package org.ailive.export;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Collectors;

/** A file to download: its content type and a file name the browser saves it under. */
public final class Download {

  public static final String CSV = "text/csv; charset=utf-8";
  public static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  public static final String PDF = "application/pdf";

  /** Excel reads a UTF-8 CSV as UTF-8 (dashes, £) only when it starts with a byte order mark. */
  public static final String BOM = "\uFEFF";

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
}
