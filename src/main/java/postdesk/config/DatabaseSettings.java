package postdesk.config;

/**
 * Where the database is and how to log in to it; {@code leaseTime}: how long a daemon that stopped
 * renewing keeps its mailboxes before another daemon on the database takes them.
 */
public record DatabaseSettings(String url, String user, String password, java.time.Duration leaseTime) {

    /** An embedded H2 file serves one daemon: the process holds the file. */
    public boolean servesOneDaemon() {
        return url.startsWith("jdbc:h2:");
    }

    /** The URL for logs and output: a password in it is starred out. */
    public String redactedUrl() {
        return url.replaceAll("(?i)(password=)[^;&]*", "$1***");
    }

    @Override
    public String toString() {
        return redactedUrl() + (password.isEmpty() ? "" : " (password set)");
    }
}
