package org.ailive.cluster;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay on loopback in front of one port, keeping every byte it passes in either direction:
 * what a machine on the path between two nodes would see. Test threads only (blocking sockets).
 */
final class Relay implements AutoCloseable {

  final int port;
  private final ServerSocket server;
  private final int target;
  private final ByteArrayOutputStream seen = new ByteArrayOutputStream();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();

  Relay(int target) throws Exception {
    this.target = target;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.port = server.getLocalPort();
    Thread accept = new Thread(this::accept, "relay-" + port);
    accept.setDaemon(true);
    accept.start();
  }

  /** Everything passed so far, both directions, as bytes. */
  byte[] seen() {
    synchronized (seen) {
      return seen.toByteArray();
    }
  }

  /** Everything passed so far, read as text (ISO-8859-1: one character per byte, so any marker shows). */
  String seenText() {
    return new String(seen(), StandardCharsets.ISO_8859_1);
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket in = server.accept();
        Socket out = new Socket(InetAddress.getLoopbackAddress(), target);
        sockets.add(in);
        sockets.add(out);
        pump(in, out);
        pump(out, in);
      } catch (Exception e) {
        // closed
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread t = new Thread(() -> {
      byte[] buffer = new byte[8192];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        for (int n; (n = in.read(buffer)) >= 0; ) {
          synchronized (seen) {
            seen.write(buffer, 0, n);
          }
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (Exception e) {
        // one side closed
      } finally {
        close(from);
        close(to);
      }
    }, "relay-pump-" + port);
    t.setDaemon(true);
    t.start();
  }

  private static void close(Socket s) {
    try {
      s.close();
    } catch (Exception e) {
      // already closed
    }
  }

  @Override
  public void close() throws Exception {
    server.close();
    sockets.forEach(Relay::close);
  }
}
