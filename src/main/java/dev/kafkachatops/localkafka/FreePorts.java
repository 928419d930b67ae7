package dev.kafkachatops.localkafka;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.net.InetSocketAddress;

/** Distinct free TCP ports on 127.0.0.1, each proven by binding it. */
final class FreePorts {

  private FreePorts() {
  }

  static List<Integer> allocate(int count) throws IOException {
    List<ServerSocket> held = new ArrayList<>();
    try {
      List<Integer> ports = new ArrayList<>();
      InetAddress loopback = InetAddress.getByName("127.0.0.1");
      while (ports.size() < count) {
        ServerSocket s = new ServerSocket();
        held.add(s);
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(loopback, 0));
        ports.add(s.getLocalPort()); // distinct: all stay bound until the loop ends
      }
      return ports;
    } finally {
      for (ServerSocket s : held) {
        s.close();
      }
    }
  }
}
