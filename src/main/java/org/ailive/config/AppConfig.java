package org.ailive.config;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Settings, flat and few: the committed default ({@code config/default.json}), then a {@code --conf}
 * file, then environment variables {@code AILIVE_<SNAKE_CASE_KEY>} (e.g. {@code AILIVE_HTTP_PORT}).
 * Read once at start-up, before any event loop runs.
 */
public record AppConfig(JsonObject json) {

  public static AppConfig load(Path confFile, Map<String, String> env) throws IOException {
    JsonObject merged = defaults();
    if (confFile != null) {
      JsonObject file = new JsonObject(Files.readString(confFile));
      for (String key : file.fieldNames()) {
        if (!merged.containsKey(key)) {
          throw new IllegalArgumentException("Unknown setting '" + key + "' in " + confFile);
        }
        merged.put(key, file.getValue(key));
      }
    }
    for (String key : merged.fieldNames()) {
      String value = env.get(envName(key));
      if (value != null) {
        merged.put(key, coerce(merged.getValue(key), value, key));
      }
    }
    return new AppConfig(merged);
  }

  public static JsonObject defaults() throws IOException {
    try (InputStream in = AppConfig.class.getResourceAsStream("/config/default.json")) {
      if (in == null) {
        throw new IOException("config/default.json is missing from the classpath");
      }
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  /** {@code httpPort} becomes {@code AILIVE_HTTP_PORT}. */
  public static String envName(String key) {
    return "AILIVE_" + key.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase();
  }

  private static Object coerce(Object current, String value, String key) {
    try {
      if (current instanceof Integer) {
        return Integer.parseInt(value.trim());
      }
      if (current instanceof Boolean) {
        return Boolean.parseBoolean(value.trim());
      }
      return value;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(envName(key) + " must be a number, got '" + value + "'");
    }
  }

  public AppConfig with(String key, Object value) {
    return new AppConfig(json.copy().put(key, value));
  }

  public String httpHost() { return json.getString("httpHost"); }
  public int httpPort() { return json.getInteger("httpPort"); }
  public Path dataDir() { return Path.of(json.getString("dataDir")).toAbsolutePath().normalize(); }
  public String dbUrl() { return json.getString("dbUrl", ""); }
  public String dbUser() { return json.getString("dbUser", ""); }
  public String dbPassword() { return json.getString("dbPassword", ""); }
  public int dbPoolSize() { return json.getInteger("dbPoolSize"); }
  public int dbEmbeddedPort() { return json.getInteger("dbEmbeddedPort"); }
  public boolean embeddedDb() { return dbUrl().isBlank(); }
  public long bodyLimitBytes() { return json.getInteger("bodyLimitBytes"); }
  public int bridgeMaxFrameBytes() { return json.getInteger("bridgeMaxFrameBytes"); }
  public int tokenTtlMinutes() { return json.getInteger("tokenTtlMinutes"); }
  /** Hours after signing in (or opening a join link) when a session ends, refreshed or not. */
  public int sessionMaxHours() { return json.getInteger("sessionMaxHours"); }
  /** Where members reach the service, e.g. {@code https://ailive.council.example}; https turns on HSTS. */
  public String publicUrl() { return json.getString("publicUrl", ""); }
  /** When set, {@code /metrics} answers only {@code Authorization: Bearer <metricsToken>}. */
  public String metricsToken() { return json.getString("metricsToken", ""); }
  public String jwtPrivateKeyFile() { return json.getString("jwtPrivateKeyFile", ""); }
  public String jwtPublicKeyFile() { return json.getString("jwtPublicKeyFile", ""); }
  /** Days after a closed meeting when partners stop seeing its cases' narrative (R12). */
  public int caseRetentionDays() { return json.getInteger("caseRetentionDays"); }
  /** Dates (YYYY-MM-DD, comma separated) added to the shipped England and Wales bank holidays. */
  public String extraBankHolidays() { return json.getString("extraBankHolidays", ""); }
  public String firstOfficerEmail() { return json.getString("firstOfficerEmail"); }
  public String firstOfficerPassword() { return json.getString("firstOfficerPassword", ""); }
  /**
   * Months after a closed meeting's date when the retention job replaces what was said about its
   * families with a stub (M9); at least 1.
   */
  public int retentionMonths() {
    int months = json.getInteger("retentionMonths");
    if (months < 1) {
      throw new IllegalArgumentException(envName("retentionMonths") + " must be at least 1, got " + months);
    }
    return months;
  }
  /** Whether approved minutes stay whole as the council's record when the rest of a meeting is purged. */
  public boolean retainApprovedMinutes() { return json.getBoolean("retainApprovedMinutes"); }
  /** "auto" seeds demo data on the first start of an embedded database; "true" always when empty; "false" never. */
  public String demo() { return String.valueOf(json.getValue("demo")); }
}
