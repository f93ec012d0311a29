package dev.tandem.recommender;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/** Kubernetes object names for generated policies, stable across runs. */
public final class Names {
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    private Names() {}

    /** True for a valid namespace name (an RFC 1123 label). */
    public static boolean isNamespace(String name) {
        return name != null && DNS_LABEL.matcher(name).matches();
    }

    /**
     * {@code prefix + workload} as a valid object name. A workload name that needed changing gets a
     * checksum suffix, so two different names can never end up as the same policy.
     */
    public static String policyName(String prefix, String workload) {
        String wanted = prefix + workload;
        if (DNS_LABEL.matcher(wanted).matches()) {
            return wanted;
        }
        String cleaned =
                wanted.toLowerCase(Locale.ROOT)
                        .replaceAll("[^a-z0-9-]+", "-")
                        .replaceAll("-+", "-");
        CRC32 crc = new CRC32();
        crc.update(workload.getBytes(StandardCharsets.UTF_8));
        String suffix = "-" + String.format("%08x", crc.getValue());
        int room = 63 - suffix.length();
        if (cleaned.length() > room) {
            cleaned = cleaned.substring(0, room);
        }
        cleaned = cleaned.replaceAll("^-+|-+$", "");
        return cleaned + suffix;
    }
}
