package dev.tandem.kafka.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Finds free TCP ports on the loopback address. */
final class LoopbackPorts {
    static final String HOST = "127.0.0.1";

    private LoopbackPorts() {}

    /**
     * The broker and controller ports to use: each requested port as given, each 0 replaced by a
     * port free on 127.0.0.1 right now and different from the other. The probe sockets stay open
     * until both are chosen so the kernel cannot hand out the same port twice; they are closed
     * before the broker binds, which leaves a window of milliseconds in which another process could
     * take one (the broker then fails to start with a bind error that its caller reports).
     */
    static int[] resolve(int brokerPort, int controllerPort) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            int broker = brokerPort != 0 ? brokerPort : freeOtherThan(controllerPort, held);
            int controller = controllerPort != 0 ? controllerPort : freeOtherThan(broker, held);
            return new int[] {broker, controller};
        } catch (IOException e) {
            throw new UncheckedIOException("no free TCP port on " + HOST, e);
        } finally {
            held.forEach(LoopbackPorts::closeQuietly);
        }
    }

    private static int freeOtherThan(int taken, List<ServerSocket> held) throws IOException {
        while (true) {
            ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST));
            held.add(socket);
            if (socket.getLocalPort() != taken) {
                return socket.getLocalPort();
            }
        }
    }

    private static void closeQuietly(ServerSocket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Nothing to undo: the port is released either way when the socket object is dropped.
        }
    }
}
