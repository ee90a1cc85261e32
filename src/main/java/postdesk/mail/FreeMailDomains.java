package postdesk.mail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Mail domains the public shares (gmail.com, outlook.com, …): two people there have nothing in
 * common but their mail provider, so such a domain never stands for an organisation.
 */
public final class FreeMailDomains {
    private static final Set<String> DOMAINS = load();

    private FreeMailDomains() {
    }

    public static boolean contains(String domain) {
        return DOMAINS.contains(domain.toLowerCase(Locale.ROOT));
    }

    private static Set<String> load() {
        try (InputStream in = FreeMailDomains.class.getResourceAsStream("/postdesk/freemail-domains.txt");
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return r.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).collect(Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
