package org.ailive.meeting;

import org.ailive.protocol.ApiError;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/**
 * What a meeting's video-call link may be (R13): an https address on one of the allowed hosts
 * (the {@code callLinkHosts} setting; {@code *.zoom.us} allows zoom.us's subdomains). Anything else
 * is refused at the {@code callUrl} field with the reason, naming the allowed hosts.
 */
public final class CallLinks {

  /** The longest link kept. */
  static final int MAX_LENGTH = 500;

  private final List<String> hosts;

  public CallLinks(List<String> hosts) {
    this.hosts = List.copyOf(hosts);
  }

  /** The link as it is kept, null for none (blank clears it); refused with the reason otherwise. */
  public String check(String given) {
    if (given == null || given.isBlank()) {
      return null;
    }
    String url = given.strip();
    if (url.length() > MAX_LENGTH) {
      throw ApiError.invalid("callUrl", "must be at most " + MAX_LENGTH + " characters");
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw ApiError.invalid("callUrl", "is not a web address (paste the link the call service gave you)");
    }
    if (!"https".equalsIgnoreCase(uri.getScheme())) {
      throw ApiError.invalid("callUrl", "must start with https:// (a call link is never sent unencrypted)");
    }
    String host = uri.getHost() == null ? null : uri.getHost().toLowerCase(Locale.ROOT);
    if (host == null || uri.getRawUserInfo() != null || (uri.getPort() != -1 && uri.getPort() != 443)) {
      throw ApiError.invalid("callUrl", "must be a plain https:// address of a call service, with no user name or port");
    }
    if (!allowed(host)) {
      throw ApiError.invalid("callUrl", "is on " + host + ", which is not an allowed call service; allowed: "
        + allowedInWords());
    }
    // A host means the address starts with the scheme and "//": kept with the scheme in lower case.
    return "https://" + url.substring("https://".length());
  }

  /** Whether the host is on the list: named exactly, or a subdomain of a {@code *.} entry. */
  boolean allowed(String host) {
    return hosts.stream().anyMatch(h -> h.startsWith("*.") ? host.endsWith(h.substring(1)) : host.equals(h));
  }

  /** The list as a person reads it: "teams.microsoft.com, zoom.us and its subdomains". */
  String allowedInWords() {
    if (hosts.isEmpty()) {
      return "none (the service is set up without call links)";
    }
    return String.join(", ", hosts.stream()
      .filter(h -> !(h.startsWith("*.") && hosts.contains(h.substring(2))))
      .map(h -> h.startsWith("*.") ? "any subdomain of " + h.substring(2)
        : hosts.contains("*." + h) ? h + " and its subdomains" : h)
      .toList());
  }
}
