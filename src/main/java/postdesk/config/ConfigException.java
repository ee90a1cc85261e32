package postdesk.config;

/** A bad or missing configuration key. The message is one line naming the key; the CLI exits with code 2. */
public final class ConfigException extends RuntimeException {
    private final String key;

    public ConfigException(String key, String problem) {
        super(key + ": " + problem);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
