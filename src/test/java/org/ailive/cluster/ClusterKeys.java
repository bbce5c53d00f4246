package org.ailive.cluster;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A cluster key store made as README says, with the JDK's keytool (a real run of it, in its own process). */
public final class ClusterKeys {

  public static final String PASSWORD = "cluster-store-password-for-tests";

  private ClusterKeys() {
  }

  /** {@code dir/name}, a PKCS12 store with one EC key and its self-signed certificate, under {@link #PASSWORD}. */
  public static Path make(Path dir, String name) throws Exception {
    return make(dir, name, PASSWORD, List.of());
  }

  public static Path make(Path dir, String name, String password, List<String> more) throws Exception {
    Path file = dir.resolve(name);
    List<String> command = new java.util.ArrayList<>(List.of(keytool(), "-genkeypair", "-alias", "ailive-cluster",
      "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "825", "-storetype", "PKCS12", "-keystore",
      file.toString(), "-storepass", password, "-keypass", password, "-dname", "CN=ailive-cluster", "-noprompt"));
    command.addAll(more); // keytool takes the last of a repeated option
    Process keytool = new ProcessBuilder(command).redirectErrorStream(true)
      .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
      throw new IllegalStateException("keytool failed: " + output);
    }
    return file;
  }

  static String keytool() {
    return Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
  }
}
