package org.ailive.ui;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A TCP relay on its own port in front of the service, for one browser whose network we cut.
 * DevTools' offline emulation alone is not enough: Chromium 156 keeps an open WebSocket working
 * under it (only new requests fail and {@code navigator.onLine} turns false), so the live socket
 * would never notice. {@link #cut()} drops every connection through the relay and refuses new
 * ones, as a lost signal does; {@link #restore()} lets them through again. {@link #stall(boolean)}
 * is the worse case: every connection stays open but nothing flows either way, as when a link
 * stops forwarding without closing anything.
 */
final class NetworkCut implements AutoCloseable {

  private final int targetPort;
  private final ServerSocket listener;
  private final ExecutorService pumps = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "network-cut-relay");
    t.setDaemon(true);
    return t;
  });
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile boolean up = true;
  private volatile boolean dropReplies;
  private volatile boolean stalled;

  NetworkCut(int targetPort) throws IOException {
    this.targetPort = targetPort;
    listener = new ServerSocket();
    listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    pumps.execute(this::acceptLoop);
  }

  /** The port a browser uses instead of the service's. */
  int port() {
    return listener.getLocalPort();
  }

  /** Drops every connection through the relay; new ones are closed at once until {@link #restore()}. */
  void cut() {
    up = false;
    open.forEach(NetworkCut::closeQuietly);
    open.clear();
  }

  void restore() {
    up = true;
  }

  /**
   * While on, nothing flows in either direction, on open connections and on new ones (accepted,
   * then silent), and nothing is closed: the browser sees an open socket that has gone quiet.
   * What was sent meanwhile is delivered, late, once it is off (as a link that comes back does).
   */
  void stall(boolean on) {
    stalled = on;
  }

  /**
   * While on, what the service sends is thrown away and what the browser sends still arrives: a
   * change is applied but its acknowledgement is lost, as when the signal goes just after sending.
   */
  void dropReplies(boolean on) {
    dropReplies = on;
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        return; // closed
      }
      if (!up) {
        closeQuietly(client);
        continue;
      }
      try {
        Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        client.setTcpNoDelay(true);
        server.setTcpNoDelay(true);
        open.add(client);
        open.add(server);
        pumps.execute(() -> pump(client, server, false));
        pumps.execute(() -> pump(server, client, true));
      } catch (IOException e) {
        closeQuietly(client);
      }
    }
  }

  private void pump(Socket from, Socket to, boolean toBrowser) {
    byte[] buffer = new byte[16 * 1024];
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        while (stalled && up) {
          Thread.sleep(10);
        }
        if (toBrowser && dropReplies) {
          continue;
        }
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException ignored) {
      // the other side, or cut(), closed it
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the relay is closing
    } finally {
      closeQuietly(from);
      closeQuietly(to);
      open.remove(from);
      open.remove(to);
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    cut();
    listener.close();
    pumps.shutdownNow();
  }
}
