package postdesk.trust;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code Authentication-Results} headers (RFC 8601) written by receiving servers the operator
 * trusts ({@code auth.trusted.servers}, by authserv-id). Such a server removes headers that claim
 * its id before adding its own, so a header with a trusted id can be believed; headers with any
 * other id may have been written by the sender and are ignored.
 */
public final class AuthResults {
    private static final Pattern COMMENT = Pattern.compile("\\([^()]*\\)");
    private static final Pattern RESULT = Pattern.compile("(?i)^\\s*(dkim|dmarc)\\s*=\\s*(\\w+)(.*)$");
    private static final Pattern PROPERTY = Pattern.compile("(?i)(header\\.d|header\\.i|header\\.from)\\s*=\\s*\"?([^\\s\";]+)");

    private final Set<String> trusted;

    public AuthResults(Set<String> trustedServers) {
        this.trusted = trustedServers.stream().map(s -> s.toLowerCase(Locale.ROOT)).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** Whether a trusted server saw {@code dkim=pass} signed by, or {@code dmarc=pass} for, {@code domain}. */
    public boolean proves(List<String> headers, String domain) {
        String d = domain.toLowerCase(Locale.ROOT);
        for (String header : headers) {
            String h = header.replaceAll("\\r?\\n", " ");
            String previous;
            do {
                previous = h;
                h = COMMENT.matcher(h).replaceAll(" ");
            } while (!h.equals(previous));
            String[] parts = h.split(";");
            String serverId = parts[0].strip().split("\\s+")[0].toLowerCase(Locale.ROOT);
            if (!trusted.contains(serverId)) continue;
            for (int i = 1; i < parts.length; i++) {
                Matcher r = RESULT.matcher(parts[i]);
                if (!r.matches() || !r.group(2).equalsIgnoreCase("pass")) continue;
                Matcher p = PROPERTY.matcher(r.group(3));
                while (p.find()) {
                    String value = p.group(2).toLowerCase(Locale.ROOT);
                    String name = p.group(1).toLowerCase(Locale.ROOT);
                    boolean matches = name.equals("header.i") ? value.endsWith("@" + d) : value.equals(d);
                    boolean right = r.group(1).equalsIgnoreCase("dmarc") ? name.equals("header.from") : !name.equals("header.from");
                    if (matches && right) return true;
                }
            }
        }
        return false;
    }
}
