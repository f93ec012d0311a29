package dev.tandem.cli;

import dev.tandem.ingest.io.IoProblems;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * {@code correlate --metrics-port}, checked before the job starts: Flink's Prometheus reporter only
 * logs a stack trace when it cannot listen, and the job runs on without metrics.
 */
final class MetricsPort {
    private MetricsPort() {}

    /**
     * Listens on {@code port} as the reporter will, on every interface, and closes it again. The
     * port can still be taken in between: this catches the common case, a second job or a forgotten
     * process, not a race.
     *
     * @throws UserError when the port cannot be listened on
     */
    static void requireFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(port));
        } catch (BindException e) {
            String reason = String.valueOf(e.getMessage());
            throw new UserError(
                    reason.contains("in use")
                            ? "--metrics-port " + port + " is already in use"
                            : "cannot listen on --metrics-port " + port + ": " + reason,
                    e);
        } catch (IOException e) {
            throw new UserError(
                    "cannot listen on --metrics-port " + port + ": " + IoProblems.cause(e), e);
        }
    }
}
