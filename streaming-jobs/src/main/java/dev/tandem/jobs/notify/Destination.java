package dev.tandem.jobs.notify;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * One chat channel alerts go to: its webhook, its payload format, the least severity it wants and
 * the namespaces it cares about.
 *
 * <p>The URL comes from a file or an environment variable, never from a command-line value (which
 * {@code ps} shows to every user of the machine), and {@link #toString()} masks it.
 *
 * @param name a short name for logs and dead letters ({@code ops-slack})
 * @param format the payload the webhook expects
 * @param webhookUrl where to POST, masked everywhere
 * @param minSeverity alerts below it are not sent here
 * @param namespaces alerts are sent here only when their source or destination is in one of these
 *     namespaces; empty means every alert
 */
public record Destination(
        String name,
        ChatFormat format,
        Secret webhookUrl,
        Severity minSeverity,
        Set<String> namespaces) {
    /** The largest URL file read: a webhook URL is a few hundred bytes. */
    static final int MAX_URL_FILE_BYTES = 8 * 1024;

    public Destination {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(webhookUrl, "webhookUrl");
        minSeverity = minSeverity == null ? Severity.LOW : minSeverity;
        namespaces =
                namespaces == null
                        ? Set.of()
                        : java.util.Collections.unmodifiableSortedSet(new TreeSet<>(namespaces));
        if (name.isBlank()) {
            throw new NotifyConfigException("a destination needs a name");
        }
    }

    /**
     * A destination whose URL is the first line of {@code urlFile}, for every severity and
     * namespace.
     *
     * @throws NotifyConfigException when the file cannot be read or holds no http(s) URL; the
     *     message names the file, never its content
     */
    public static Destination fromFile(String name, ChatFormat format, Path urlFile) {
        Objects.requireNonNull(urlFile, "urlFile");
        String text;
        try {
            if (!Files.isRegularFile(urlFile)) {
                throw new NotifyConfigException(
                        "webhook URL file " + urlFile + " does not exist or is not a file");
            }
            if (Files.size(urlFile) > MAX_URL_FILE_BYTES) {
                throw new NotifyConfigException(
                        "webhook URL file "
                                + urlFile
                                + " is larger than "
                                + MAX_URL_FILE_BYTES
                                + " bytes; it should hold one URL");
            }
            text = Files.readString(urlFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new NotifyConfigException(
                    "cannot read webhook URL file "
                            + urlFile
                            + ": "
                            + e.getClass().getSimpleName());
        }
        return new Destination(
                name, format, checkedUrl(firstLine(text), "file " + urlFile), null, null);
    }

    /**
     * A destination whose URL is the value of environment variable {@code variable}.
     *
     * @throws NotifyConfigException when the variable is unset or holds no http(s) URL
     */
    public static Destination fromEnv(String name, ChatFormat format, String variable) {
        return fromEnv(name, format, variable, System::getenv);
    }

    static Destination fromEnv(
            String name, ChatFormat format, String variable, Function<String, String> env) {
        Objects.requireNonNull(variable, "variable");
        String value = env.apply(variable);
        if (value == null || value.isBlank()) {
            throw new NotifyConfigException(
                    "environment variable " + variable + " (the webhook URL) is not set");
        }
        return new Destination(
                name,
                format,
                checkedUrl(value.strip(), "environment variable " + variable),
                null,
                null);
    }

    /** A destination posting to {@code url} directly, for URLs a program made (a local sink). */
    public static Destination of(String name, ChatFormat format, URI url) {
        return new Destination(
                name, format, checkedUrl(url.toString(), "destination " + name), null, null);
    }

    /** This destination for alerts at {@code minimum} severity or above only. */
    public Destination withMinSeverity(Severity minimum) {
        return new Destination(name, format, webhookUrl, minimum, namespaces);
    }

    /** This destination for alerts touching {@code names} only (empty: every namespace). */
    public Destination withNamespaces(Set<String> names) {
        return new Destination(name, format, webhookUrl, minSeverity, names);
    }

    /** True when an alert of {@code severity} between these namespaces belongs here. */
    public boolean wants(Severity severity, String sourceNamespace, String destinationNamespace) {
        if (!severity.atLeast(minSeverity)) {
            return false;
        }
        return namespaces.isEmpty()
                || (sourceNamespace != null && namespaces.contains(sourceNamespace))
                || (destinationNamespace != null && namespaces.contains(destinationNamespace));
    }

    @Override
    public String toString() {
        return "Destination["
                + name
                + " "
                + format.cliName()
                + " min="
                + minSeverity.lowerName()
                + (namespaces.isEmpty() ? "" : " namespaces=" + namespaces)
                + "]";
    }

    /**
     * This destination for a person, never its URL: {@code chat (slack)}, {@code ops (teams, high
     * and up, namespaces payments)}.
     */
    public String describe() {
        List<String> parts = new ArrayList<>();
        parts.add(format.cliName());
        if (minSeverity != Severity.LOW) {
            parts.add(minSeverity.lowerName() + " and up");
        }
        if (!namespaces.isEmpty()) {
            parts.add("namespaces " + String.join(", ", namespaces));
        }
        return name + " (" + String.join(", ", parts) + ")";
    }

    /** {@code destinations} for a person, each {@linkplain #describe() described}. */
    public static String describe(List<Destination> destinations) {
        return String.join("; ", destinations.stream().map(Destination::describe).toList());
    }

    /** Describes this destination in logs: its name and format, never its URL. */
    String label() {
        return name + " (" + format.cliName() + ")";
    }

    private static String firstLine(String text) {
        for (String line : text.split("\\R")) {
            if (!line.isBlank()) {
                return line.strip();
            }
        }
        return "";
    }

    private static Secret checkedUrl(String value, String where) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new NotifyConfigException("the webhook URL in " + where + " is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new NotifyConfigException(
                    "the webhook URL in " + where + " must be an absolute http:// or https:// URL");
        }
        return Secret.of(value);
    }
}
