package postdesk.trust;

import java.util.ArrayList;
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
    private static final Pattern RESULT = Pattern.compile("(?i)^\\s*(dkim|dmarc|spf)\\s*=\\s*(\\w+)(.*)$");
    private static final Pattern PROPERTY = Pattern.compile(
            "(?i)(header\\.d|header\\.i|header\\.from|smtp\\.mailfrom)\\s*=\\s*\"?([^\\s\";]+)");

    private final Set<String> trusted;

    public AuthResults(Set<String> trustedServers) {
        this.trusted = trustedServers.stream().map(s -> s.toLowerCase(Locale.ROOT)).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** One method's result in a trusted header, with the properties that name what it was checked for. */
    private record Result(String method, String verdict, List<String[]> properties) {
        /** Whether this result speaks of {@code domain}: the signer for DKIM, the From for DMARC, the envelope sender for SPF. */
        boolean isFor(String domain) {
            for (String[] p : properties) {
                String name = p[0];
                String value = p[1];
                boolean matches = name.equals("header.i") || name.equals("smtp.mailfrom")
                        ? value.equals(domain) || value.endsWith("@" + domain) : value.equals(domain);
                boolean right = switch (method) {
                    case "dmarc" -> name.equals("header.from");
                    case "spf" -> name.equals("smtp.mailfrom");
                    default -> name.equals("header.d") || name.equals("header.i");
                };
                if (matches && right) return true;
            }
            return false;
        }
    }

    /** Whether a trusted server saw {@code dkim=pass} signed by, or {@code dmarc=pass} for, {@code domain}. */
    public boolean proves(List<String> headers, String domain) {
        String d = domain.toLowerCase(Locale.ROOT);
        return results(headers).stream().anyMatch(r -> !r.method().equals("spf") && r.verdict().equals("pass") && r.isFor(d));
    }

    /**
     * Whether a trusted server found mail claiming {@code domain} forged: {@code dmarc=fail} for it,
     * or {@code spf=fail} for it, with no DKIM signature of the domain that passed.
     */
    public boolean disproves(List<String> headers, String domain) {
        String d = domain.toLowerCase(Locale.ROOT);
        List<Result> results = results(headers);
        boolean dkimPass = results.stream().anyMatch(r -> r.method().equals("dkim") && r.verdict().equals("pass") && r.isFor(d));
        return !dkimPass && results.stream().anyMatch(r -> !r.method().equals("dkim") && r.verdict().equals("fail") && r.isFor(d));
    }

    private List<Result> results(List<String> headers) {
        List<Result> out = new ArrayList<>();
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
                if (!r.matches()) continue;
                List<String[]> properties = new ArrayList<>();
                Matcher p = PROPERTY.matcher(r.group(3));
                while (p.find()) properties.add(new String[] {p.group(1).toLowerCase(Locale.ROOT), p.group(2).toLowerCase(Locale.ROOT)});
                out.add(new Result(r.group(1).toLowerCase(Locale.ROOT), r.group(2).toLowerCase(Locale.ROOT), properties));
            }
        }
        return out;
    }
}
