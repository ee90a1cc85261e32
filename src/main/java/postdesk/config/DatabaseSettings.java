package postdesk.config;

/** Where the database is and how to log in to it. */
public record DatabaseSettings(String url, String user, String password) {
    /** The URL for logs and output: a password in it is starred out. */
    public String redactedUrl() {
        return url.replaceAll("(?i)(password=)[^;&]*", "$1***");
    }

    @Override
    public String toString() {
        return redactedUrl() + (password.isEmpty() ? "" : " (password set)");
    }
}
