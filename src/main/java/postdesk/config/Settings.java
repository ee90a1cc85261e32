package postdesk.config;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The raw key/value view of the configuration: the properties file with {@code POSTDESK_*}
 * environment variables laid over it ({@code imap.host} → {@code POSTDESK_IMAP_HOST}); an empty
 * variable counts as unset. Typed reading and validation live in {@link PostdeskConfig}.
 */
final class Settings {
    private final Map<String, String> values;

    private Settings(Map<String, String> values) {
        this.values = values;
    }

    static Settings merge(Map<String, String> fileValues, Map<String, String> env, Set<String> knownKeys) {
        for (String key : fileValues.keySet()) {
            if (!knownKeys.contains(key)) {
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
        return new Settings(merged);
    }

    static String envName(String key) {
        return "POSTDESK_" + key.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    /** The trimmed value, or {@code null} when the key is absent or blank. */
    String get(String key) {
        String v = values.get(key);
        return v == null || v.isBlank() ? null : v.trim();
    }
}
