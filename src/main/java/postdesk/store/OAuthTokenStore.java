package postdesk.store;

import static postdesk.store.schema.Tables.OAUTH_TOKEN;

import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Optional;

import postdesk.login.RefreshTokens;
import postdesk.trust.Sealer;

/** The refresh tokens of delegated mailboxes, one row a mailbox, sealed. */
public final class OAuthTokenStore implements RefreshTokens {
    private final Database db;
    private final Sealer sealer;
    private final Clock clock;

    public OAuthTokenStore(Database db, Sealer sealer, Clock clock) {
        this.db = db;
        this.sealer = sealer;
        this.clock = clock;
    }

    @Override
    public Optional<String> current(String mailbox) {
        String sealed = db.dsl().select(OAUTH_TOKEN.REFRESH_TOKEN).from(OAUTH_TOKEN).where(OAUTH_TOKEN.MAILBOX.eq(mailbox))
                .fetchOne(OAUTH_TOKEN.REFRESH_TOKEN);
        if (sealed == null) return Optional.empty();
        try {
            return Optional.of(sealer.open(mailbox, sealed));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // sealed under another instance secret: as good as none, and the login says how to get one
            return Optional.empty();
        }
    }

    @Override
    public void store(String mailbox, String refreshToken) {
        String sealed = sealer.seal(mailbox, refreshToken);
        db.transaction(tx -> {
            if (tx.update(OAUTH_TOKEN).set(OAUTH_TOKEN.REFRESH_TOKEN, sealed).set(OAUTH_TOKEN.UPDATED_AT, clock.instant())
                    .where(OAUTH_TOKEN.MAILBOX.eq(mailbox)).execute() == 0) {
                tx.insertInto(OAUTH_TOKEN).set(OAUTH_TOKEN.MAILBOX, mailbox).set(OAUTH_TOKEN.REFRESH_TOKEN, sealed)
                        .set(OAUTH_TOKEN.UPDATED_AT, clock.instant()).execute();
            }
            return null;
        });
    }
}
