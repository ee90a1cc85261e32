package postdesk.config;

/** The status page: address, port, and the bearer token everything but /healthz needs when set. */
public record HttpSettings(String bind, int port, String token) {
    @Override
    public String toString() {
        return bind + ":" + port + (token.isEmpty() ? "" : " (token set)");
    }
}
