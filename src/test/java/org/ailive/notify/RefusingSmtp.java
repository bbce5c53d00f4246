package org.ailive.notify;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real SMTP server (over TCP, in this JVM) that refuses for good, with 550 at RCPT, every
 * recipient whose address contains {@code refusing}, and accepts (and keeps) the other mail, as a
 * council's mail server answers an address that does not exist. GreenMail accepts every recipient.
 */
final class RefusingSmtp implements AutoCloseable {

  private final ServerSocket server;
  private final String refusing;
  /** The recipients it accepted mail for. */
  final List<String> accepted = new CopyOnWriteArrayList<>();
  final List<String> refused = new CopyOnWriteArrayList<>();
  private final List<Socket> sessions = new CopyOnWriteArrayList<>();

  RefusingSmtp(int port, String refusing) throws IOException {
    this.refusing = refusing;
    server = new ServerSocket(port, 50, InetAddress.getByName("127.0.0.1"));
    Thread accept = new Thread(() -> {
      while (!server.isClosed()) {
        try {
          Socket s = server.accept();
          sessions.add(s);
          Thread t = new Thread(() -> session(s), "refusing-smtp-session");
          t.setDaemon(true);
          t.start();
        } catch (IOException closed) {
          return;
        }
      }
    }, "refusing-smtp");
    accept.setDaemon(true);
    accept.start();
  }

  private void session(Socket s) {
    try (s; BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
         OutputStream out = s.getOutputStream()) {
      reply(out, "220 refusing.example ESMTP");
      String rcpt = null;
      String line;
      while ((line = in.readLine()) != null) {
        String upper = line.toUpperCase(java.util.Locale.ROOT);
        if (upper.startsWith("EHLO") || upper.startsWith("HELO")) {
          reply(out, "250 refusing.example");
        } else if (upper.startsWith("RCPT TO:")) {
          if (line.contains(refusing)) {
            refused.add(line);
            reply(out, "550 5.1.1 <" + line.substring(line.indexOf('<') + 1, line.indexOf('>')) + ">: Recipient address rejected: User unknown");
          } else {
            rcpt = line;
            reply(out, "250 2.1.5 Ok");
          }
        } else if (upper.startsWith("DATA")) {
          reply(out, "354 End data with <CR><LF>.<CR><LF>");
          while ((line = in.readLine()) != null && !line.equals(".")) {
            // the message itself is not kept
          }
          accepted.add(rcpt);
          reply(out, "250 2.0.0 Ok: queued");
        } else if (upper.startsWith("QUIT")) {
          reply(out, "221 2.0.0 Bye");
          return;
        } else {
          reply(out, "250 Ok");
        }
      }
    } catch (IOException gone) {
      // the client went away
    }
  }

  private static void reply(OutputStream out, String line) throws IOException {
    out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  @Override
  public void close() throws IOException {
    server.close();
    // Like a server that stops: the client's kept connections end too.
    for (Socket s : sessions) {
      s.close();
    }
  }
}
