package postdesk.config;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The raw key/value view of the configuration: the properties file with {@code POSTDESK_*}
 * environment variables laid over it ({@code imap.host} → {@code POSTDESK_IMAP_HOST}); an empty
 * variable counts as unset. A mailbox's view ({@link #forMailbox}) reads {@code mailbox.N.KEY}
 * ({@code POSTDESK_MAILBOX_N_KEY}) first and the top-level key after it. Typed reading and
 * validation live in {@link PostdeskConfig}.
 */
final class Settings {
    private static final Pattern MAILBOX_KEY = Pattern.compile("mailbox\\.([^.]+)\\.(.+)");

    private final Map<String, String> values;
    private final Map<String, String> env;
    /** The mailbox this view reads first, or null for the top level. */
    private final String mailbox;

    private Settings(Map<String, String> values, Map<String, String> env, String mailbox) {
        this.values = values;
        this.env = env;
        this.mailbox = mailbox;
    }

    /**
     * Checks every key of the file: a top-level key must be in {@code knownKeys}; a
     * {@code mailbox.N.KEY} must have KEY in {@code mailboxKeys} (which mailbox names exist is
     * checked once the {@code mailboxes} key is read).
     */
    static Settings merge(Map<String, String> fileValues, Map<String, String> env, Set<String> knownKeys, Set<String> mailboxKeys) {
        for (String key : fileValues.keySet()) {
            Matcher m = MAILBOX_KEY.matcher(key);
            if (m.matches() && !mailboxKeys.contains(m.group(2))) {
                throw new ConfigException(key, "unknown key for a mailbox (see the README for the keys a mailbox may set)");
            }
            if (!m.matches() && !knownKeys.contains(key)) {
                throw new ConfigException(key, "unknown key (see the README for the list of keys)");
            }
        }
        Map<String, String> merged = new LinkedHashMap<>(fileValues);
        for (String key : knownKeys) {
            String fromEnv = env.get(envName(key));
            if (fromEnv != null && !fromEnv.isBlank()) {
                merged.put(key, fromEnv);
            }
        }
        return new Settings(merged, env, null);
    }

    /** The mailbox names that the file's {@code mailbox.N.*} keys use. */
    Set<String> mailboxNamesInKeys() {
        Set<String> names = new java.util.TreeSet<>();
        for (String key : values.keySet()) {
            Matcher m = MAILBOX_KEY.matcher(key);
            if (m.matches()) names.add(m.group(1));
        }
        return names;
    }

    /** The view of mailbox {@code name}: its own keys first, then the top level's. */
    Settings forMailbox(String name, Set<String> mailboxKeys) {
        Map<String, String> merged = new LinkedHashMap<>(values);
        for (String key : mailboxKeys) {
            String fromEnv = env.get(envName(qualified(name, key)));
            if (fromEnv != null && !fromEnv.isBlank()) merged.put(qualified(name, key), fromEnv);
        }
        return new Settings(merged, env, name);
    }

    static String envName(String key) {
        return "POSTDESK_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static String qualified(String mailbox, String key) {
        return "mailbox." + mailbox + "." + key;
    }

    /** The trimmed value, or {@code null} when the key is absent or blank (in a mailbox's view: in both places). */
    String get(String key) {
        if (mailbox != null) {
            String own = plain(qualified(mailbox, key));
            if (own != null) return own;
        }
        return plain(key);
    }

    /**
     * The key as an error message names it: in a mailbox's view the mailbox's own key when it is
     * set, or when neither is set (that is where a mailbox's value belongs).
     */
    String name(String key) {
        if (mailbox == null || plain(key) != null && plain(qualified(mailbox, key)) == null) return key;
        return qualified(mailbox, key);
    }

    private String plain(String key) {
        String v = values.get(key);
        return v == null || v.isBlank() ? null : v.trim();
    }
}
