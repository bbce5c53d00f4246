package org.ailive.reliability;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A client that joins a meeting over a plain TCP socket and then never reads again, like a phone
 * that froze: nothing on our side drains its socket, so the server's writes to it back up.
 */
final class StuckClient implements AutoCloseable {

  private final Socket socket;

  StuckClient(int port, String token, String eventsAddress) throws IOException {
    socket = new Socket();
    socket.setReceiveBufferSize(4096);
    socket.connect(new java.net.InetSocketAddress("localhost", port), 5000);
    socket.setSoTimeout(5000);
    byte[] nonce = new byte[16];
    new SecureRandom().nextBytes(nonce);
    OutputStream out = socket.getOutputStream();
    out.write(("GET /eventbus/websocket HTTP/1.1\r\nHost: localhost:" + port + "\r\nUpgrade: websocket\r\n"
      + "Connection: Upgrade\r\nSec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce)
      + "\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
    String response = readHeaders(socket.getInputStream());
    if (!response.startsWith("HTTP/1.1 101")) {
      throw new IOException("no WebSocket upgrade: " + response);
    }
    writeText(out, new JsonObject().put("type", "register").put("address", eventsAddress)
      .put("headers", new JsonObject().put("token", token).put("protocol", org.ailive.live.LiveProtocol.VERSION)).encode());
  }

  /** True once the server has closed the connection (what we read then is all buffered data). */
  boolean closedByServer() {
    try {
      socket.setSoTimeout(50);
      InputStream in = socket.getInputStream();
      byte[] drain = new byte[1 << 16];
      long deadline = System.currentTimeMillis() + 20_000;
      while (System.currentTimeMillis() < deadline) {
        try {
          if (in.read(drain) < 0) {
            return true;
          }
        } catch (java.net.SocketTimeoutException stillOpen) {
          return false;
        }
      }
      return false;
    } catch (IOException reset) {
      return true;
    }
  }

  private static String readHeaders(InputStream in) throws IOException {
    StringBuilder headers = new StringBuilder();
    while (!headers.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      headers.append((char) b);
    }
    return headers.toString();
  }

  /** One masked text frame, as a client must send it (RFC 6455). */
  private static void writeText(OutputStream out, String text) throws IOException {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    byte[] mask = new byte[4];
    new SecureRandom().nextBytes(mask);
    out.write(0x81);
    if (payload.length < 126) {
      out.write(0x80 | payload.length);
    } else {
      out.write(0x80 | 126);
      out.write((payload.length >> 8) & 0xff);
      out.write(payload.length & 0xff);
    }
    out.write(mask);
    for (int i = 0; i < payload.length; i++) {
      out.write(payload[i] ^ mask[i % 4]);
    }
    out.flush();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
