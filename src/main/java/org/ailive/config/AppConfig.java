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

  // Mail (issue 19). checkMail() runs at start, before the database, so a bad setting stops the start
  // with its reason; MailSettings reads these once it has passed.

  /** The SMTP server; empty: mail is off and the app shows links to copy, as before. */
  public String smtpHost() { return json.getString("smtpHost", "").trim(); }
  public boolean mailOn() { return !smtpHost().isEmpty(); }
  public int smtpPort() { return json.getInteger("smtpPort"); }
  /** {@code required}, {@code optional} or {@code disabled}. */
  public String smtpStarttls() { return json.getString("smtpStarttls", "").trim().toLowerCase(java.util.Locale.ROOT); }
  public String smtpUser() { return json.getString("smtpUser", ""); }
  /** {@code smtpPassword}, else the first line of {@code smtpPasswordFile} (blocking: at start only). */
  public String smtpPassword() {
    String file = json.getString("smtpPasswordFile", "");
    if (file.isBlank()) {
      return json.getString("smtpPassword", "");
    }
    try {
      return Files.readAllLines(Path.of(file), StandardCharsets.UTF_8).stream().findFirst().orElse("").strip();
    } catch (IOException e) {
      throw new IllegalArgumentException(envName("smtpPasswordFile") + " names a file that cannot be read: " + file);
    }
  }
  public String mailFrom() { return json.getString("mailFrom", "").trim(); }
  /** Domains (comma separated) whose addresses may be sent a family reference; empty: none. */
  public java.util.List<String> mailAllowedDomains() {
    return java.util.Arrays.stream(json.getString("mailAllowedDomains", "").split(","))
      .map(d -> d.trim().toLowerCase(java.util.Locale.ROOT)).filter(d -> !d.isEmpty()).toList();
  }
  /** The first retry waits this long; each further one four times longer (capped at 6 hours). */
  public long mailRetryBaseMs() { return json.getInteger("mailRetryBaseMs"); }
  /** Tries before a message is marked failed. */
  public int mailMaxAttempts() { return json.getInteger("mailMaxAttempts"); }

  /**
   * The London time of the daily reminders run (notify/DailyScheduler), {@code HH:mm}; empty when
   * {@code remindersAt} is {@code off} (no reminders from this node). Refuses any other value, naming
   * the variable, so a bad setting stops the start.
   */
  public java.util.Optional<java.time.LocalTime> remindersAt() {
    String at = json.getString("remindersAt", "").trim();
    if ("off".equalsIgnoreCase(at)) {
      return java.util.Optional.empty();
    }
    if (at.matches("([01]?[0-9]|2[0-3]):[0-5][0-9]")) {
      return java.util.Optional.of(java.time.LocalTime.parse(at.length() == 4 ? "0" + at : at));
    }
    throw new IllegalArgumentException(envName("remindersAt") + " must be a time of day from 00:00 to 23:59 (London"
      + " time, e.g. 07:00), or off, got '" + at + "'");
  }

  /** Refuses mail settings that cannot work, naming the variable and what it should be. */
  public void checkMail() {
    String url = publicUrl().trim();
    if (!url.isEmpty() && !url.matches("(?i)https?://[^\\s/?#]+(/\\S*)?")) {
      throw new IllegalArgumentException(envName("publicUrl") + " must start with http:// or https:// and name a host, got '"
        + url + "'");
    }
    if (smtpPort() < 1 || smtpPort() > 65535) {
      throw new IllegalArgumentException(envName("smtpPort") + " must be a port from 1 to 65535, got " + smtpPort());
    }
    if (!java.util.List.of("required", "optional", "disabled").contains(smtpStarttls())) {
      throw new IllegalArgumentException(envName("smtpStarttls") + " must be required, optional or disabled, got '"
        + json.getString("smtpStarttls", "") + "'");
    }
    if (mailOn() && mailFrom().isEmpty()) {
      throw new IllegalArgumentException(envName("mailFrom") + " is needed when " + envName("smtpHost")
        + " is set: the address mail is sent from, e.g. ailive@council.example");
    }
    if (!mailFrom().isEmpty() && !mailFrom().matches("[^@\\s<>]+@[^@\\s<>]+\\.[^@\\s<>]+")) {
      throw new IllegalArgumentException(envName("mailFrom") + " must be an e-mail address, got '" + mailFrom() + "'");
    }
    if (!smtpUser().isEmpty() && smtpPassword().isEmpty()) {
      throw new IllegalArgumentException(envName("smtpPassword") + " (or " + envName("smtpPasswordFile")
        + ") is needed when " + envName("smtpUser") + " is set");
    }
    for (String domain : mailAllowedDomains()) {
      if (!domain.matches("[a-z0-9-]+(\\.[a-z0-9-]+)+")) {
        throw new IllegalArgumentException(envName("mailAllowedDomains")
          + " must be domains separated by commas (e.g. council.example,nhs.net), got '" + domain + "'");
      }
    }
    if (mailRetryBaseMs() < 100) {
      throw new IllegalArgumentException(envName("mailRetryBaseMs") + " must be at least 100, got " + mailRetryBaseMs());
    }
    if (mailMaxAttempts() < 1 || mailMaxAttempts() > 50) {
      throw new IllegalArgumentException(envName("mailMaxAttempts") + " must be from 1 to 50, got " + mailMaxAttempts());
    }
  }

  /**
   * The hosts a meeting's video-call link may point at (R13), comma separated: {@code zoom.us} is
   * that host only, {@code *.zoom.us} any of its subdomains. Refuses an entry that is not a host
   * name, naming the variable, so a bad setting stops the start.
   */
  public java.util.List<String> callLinkHosts() {
    java.util.List<String> hosts = java.util.Arrays.stream(json.getString("callLinkHosts", "").split(","))
      .map(h -> h.trim().toLowerCase(java.util.Locale.ROOT)).filter(h -> !h.isEmpty()).toList();
    for (String host : hosts) {
      if (!host.matches("(\\*\\.)?[a-z0-9-]+(\\.[a-z0-9-]+)+")) {
        throw new IllegalArgumentException(envName("callLinkHosts") + " must be host names separated by commas"
          + " (e.g. teams.microsoft.com,*.zoom.us), got '" + host + "'");
      }
    }
    return hosts;
  }

  // Clustered mode (issue 21): several nodes on one external Postgres (README, "Clustered deployment").

  /** Whether this node joins a cluster of nodes (Hazelcast) instead of running alone. */
  public boolean cluster() { return json.getBoolean("cluster"); }
  /** The cluster's name: nodes with another name never join this one. */
  public String clusterName() { return json.getString("clusterName", "").trim(); }
  /** The interface the cluster and its event bus listen on (and that other nodes reach). */
  public String clusterHost() { return json.getString("clusterHost", "").trim(); }
  /** The cluster membership port (Hazelcast), 5701 by default. */
  public int clusterPort() { return json.getInteger("clusterPort"); }
  /** The port of the clustered event bus between nodes; 0: any free port (each node announces its own). */
  public int clusterBusPort() { return json.getInteger("clusterBusPort"); }
  /** The other nodes to join, {@code host:port}, separated by commas (TCP-IP join: no multicast). */
  public java.util.List<String> clusterMembers() {
    return java.util.Arrays.stream(json.getString("clusterMembers", "").split(","))
      .map(String::trim).filter(m -> !m.isEmpty()).toList();
  }
  /** The cluster's PKCS12 key store (the same file on every node); empty: the event bus between nodes is in clear. */
  public String clusterKeystore() { return json.getString("clusterKeystore", "").trim(); }
  public String clusterKeystorePassword() { return json.getString("clusterKeystorePassword", ""); }
  /** {@code true}: run clustered without a key store on an address other than loopback (a private network). */
  public boolean clusterInsecure() { return json.getBoolean("clusterInsecure"); }
  /** The key store, opened and checked (blocking); empty when none is set. */
  public java.util.Optional<ClusterKeystore> clusterTls() {
    return clusterKeystore().isEmpty() ? java.util.Optional.empty()
      : java.util.Optional.of(ClusterKeystore.open(clusterKeystore(), clusterKeystorePassword()));
  }
  /** Whether {@code clusterHost} is this machine's loopback, so the bus between nodes never leaves it. */
  public boolean clusterHostIsLoopback() {
    String host = clusterHost();
    return "localhost".equalsIgnoreCase(host) || host.matches("127\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}")
      || "::1".equals(host) || "[::1]".equals(host) || "0:0:0:0:0:0:0:1".equals(host);
  }

  /**
   * Refuses clustered settings that cannot work, naming the variable: above all the embedded
   * database, which belongs to one node, so two nodes would each own every meeting in a database
   * of their own.
   */
  public void checkCluster() {
    if (!cluster()) {
      return;
    }
    if (embeddedDb()) {
      throw new IllegalArgumentException(envName("cluster") + "=true needs an external Postgres that every node"
        + " shares (" + envName("dbUrl") + "): the embedded database belongs to one node, and nodes with a"
        + " database each would each run every meeting on their own. Set " + envName("dbUrl")
        + ", or set " + envName("cluster") + "=false to run one node.");
    }
    if (!clusterName().matches("[A-Za-z0-9._-]{1,64}")) {
      throw new IllegalArgumentException(envName("clusterName") + " must be 1 to 64 letters, digits, dots, dashes or"
        + " underscores, got '" + clusterName() + "'");
    }
    if (clusterHost().isEmpty()) {
      throw new IllegalArgumentException(envName("clusterHost") + " must name the interface other nodes reach"
        + " this one on, e.g. 10.0.0.11");
    }
    if (clusterPort() < 1 || clusterPort() > 65535) {
      throw new IllegalArgumentException(envName("clusterPort") + " must be a port from 1 to 65535, got " + clusterPort());
    }
    if (clusterBusPort() < 0 || clusterBusPort() > 65535) {
      throw new IllegalArgumentException(envName("clusterBusPort") + " must be a port from 1 to 65535 (or 0: any"
        + " free port), got " + clusterBusPort());
    }
    for (String member : clusterMembers()) {
      if (!member.matches("[A-Za-z0-9.-]+:[0-9]{1,5}") || Integer.parseInt(member.substring(member.indexOf(':') + 1)) > 65535) {
        throw new IllegalArgumentException(envName("clusterMembers") + " must be host:port entries separated by"
          + " commas (e.g. 10.0.0.11:5701,10.0.0.12:5701), got '" + member + "'");
      }
    }
    if (!clusterKeystore().isEmpty()) {
      clusterTls();
    } else if (!clusterKeystorePassword().isEmpty()) {
      throw new IllegalArgumentException(envName("clusterKeystore") + " is needed when " + envName("clusterKeystorePassword")
        + " is set: the key store it opens");
    } else if (!clusterHostIsLoopback() && !clusterInsecure()) {
      throw new IllegalArgumentException(envName("clusterKeystore") + " is needed when " + envName("clusterHost")
        + " is not loopback (it is " + clusterHost() + "): without it the meetings' events cross the network between"
        + " nodes in clear, and any machine that joins the cluster could read them and send commands. Make one and"
        + " copy it to every node (README, Clustered deployment), or set " + envName("clusterInsecure")
        + "=true to run in clear on a private network that only the nodes reach.");
    }
  }
}
