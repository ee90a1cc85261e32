package postdesk.config;

/**
 * The status page: address, port, the bearer token everything but /healthz needs when set, and
 * the address agents reach it at (for the links in their mail; {@code http://bind:port} unless set).
 */
public record HttpSettings(String bind, int port, String token, String publicUrl) {
    /** Where the pages are reached, without a trailing slash: {@code http.public.url}, else the server on {@code boundPort}. */
    public String baseUrl(int boundPort) {
        String base = publicUrl.isEmpty() ? "http://" + (bind.contains(":") ? "[" + bind + "]" : bind) + ":" + boundPort : publicUrl;
        return base.replaceAll("/+$", "");
    }

    @Override
    public String toString() {
        return bind + ":" + port + (token.isEmpty() ? "" : " (token set)");
    }
}
