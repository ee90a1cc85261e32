package postdesk.login;

import java.util.Optional;

/**
 * Where the refresh token of a delegated mailbox ({@code oauth2.grant = refresh_token}) is kept
 * between runs: stored by {@code postdesk oauth login}, replaced whenever the token endpoint
 * rotates it.
 */
public interface RefreshTokens {
    Optional<String> current(String mailbox);

    void store(String mailbox, String refreshToken);
}
