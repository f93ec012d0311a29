import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A chat webhook stand-in for deploy/local/e2e.sh: accepts POSTs on 127.0.0.1 and appends each body,
 * as one line, to a file, so the script can count the alerts {@code tandem notify} delivered. Runs
 * from source, no build: {@code java WebhookSink.java PORT FILE}. Bodies over 1 MiB get 413.
 */
public final class WebhookSink {
    private static final int MAX_BODY_BYTES = 1 << 20;

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: java WebhookSink.java PORT FILE");
            System.exit(2);
        }
        Path out = Path.of(args[1]);
        HttpServer server =
                HttpServer.create(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(args[0])), 16);
        server.createContext(
                "/",
                exchange -> {
                    try (InputStream in = exchange.getRequestBody()) {
                        byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
                        int status = 200;
                        if (!exchange.getRequestMethod().equals("POST")) {
                            status = 405;
                        } else if (body.length > MAX_BODY_BYTES) {
                            status = 413;
                        } else {
                            String line = new String(body, StandardCharsets.UTF_8).replace('\n', ' ') + "\n";
                            synchronized (WebhookSink.class) {
                                Files.writeString(out, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                            }
                        }
                        exchange.sendResponseHeaders(status, -1);
                    } finally {
                        exchange.close();
                    }
                });
        server.start();
        System.out.println("webhook sink on http://127.0.0.1:" + server.getAddress().getPort() + "/ writing " + out);
    }
}
