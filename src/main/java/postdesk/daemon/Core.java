package postdesk.daemon;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Set;
import java.util.function.IntSupplier;
import java.util.random.RandomGenerator;

import postdesk.config.Mailbox;
import postdesk.config.PostdeskConfig;
import postdesk.inbound.Apply;
import postdesk.inbound.Authoriser;
import postdesk.inbound.Fence;
import postdesk.inbound.Guard;
import postdesk.inbound.InboundPipeline;
import postdesk.inbound.Intake;
import postdesk.outbound.MailComposer;
import postdesk.outbound.Outbox;
import postdesk.outbound.TicketMail;
import postdesk.rating.RatingLinks;
import postdesk.rating.RatingTokens;
import postdesk.rating.Ratings;
import postdesk.reading.MailReader;
import postdesk.reading.Watchdog;
import postdesk.sla.SlaChanges;
import postdesk.store.AttachmentFiles;
import postdesk.store.Database;
import postdesk.store.GuardStore;
import postdesk.store.OAuthTokenStore;
import postdesk.threading.OwnMessageIds;
import postdesk.threading.TicketFinder;
import postdesk.timers.StatusChanges;
import postdesk.trust.AuthResults;
import postdesk.trust.ReplyTokens;
import postdesk.trust.Sealer;
import postdesk.trust.Signer;

/**
 * What turns mail into ticket changes and queued mail, with no connection of its own: the
 * inbound pipeline and what the timers need. The daemon builds it once; {@code postdesk replay}
 * builds it to process quarantined mail with the daemon stopped, {@code postdesk import} to take
 * in an archive.
 */
public record Core(InboundPipeline pipeline, StatusChanges statusChanges, SlaChanges sla, TicketMail mail, RatingTokens ratingTokens,
                   Ratings ratings) {

    /**
     * The daemon's core: {@code fence} keeps a mailbox's mail to the daemon holding it;
     * {@code httpPort} is the status page's port once it listens (the rating links point there).
     */
    public static Core build(PostdeskConfig config, Database db, Clock clock, RandomGenerator random, Fence fence, IntSupplier httpPort)
            throws Exception {
        return build(config, db, clock, random, Intake.LIVE, fence, httpPort);
    }

    /** The instance secret: {@code secret} when configured, else the one kept in the database (made on first use). */
    public static byte[] instanceSecret(PostdeskConfig config, Database db, Clock clock) {
        return config.guards().secret().isEmpty() ? new GuardStore(db.dsl()).secret(clock.instant())
                : config.guards().secret().getBytes(StandardCharsets.UTF_8);
    }

    /** The delegated mailboxes' refresh tokens, sealed with the instance secret. */
    public static OAuthTokenStore refreshTokens(PostdeskConfig config, Database db, Clock clock) {
        return new OAuthTokenStore(db, new Sealer(instanceSecret(config, db, clock)), clock);
    }

    /** With {@link Intake#ARCHIVE} nothing is queued for sending: an imported archive answers nobody. */
    public static Core build(PostdeskConfig config, Database db, Clock clock, RandomGenerator random, Intake intake) throws Exception {
        return build(config, db, clock, random, intake, Fence.NONE, () -> config.http().port());
    }

    private static Core build(PostdeskConfig config, Database db, Clock clock, RandomGenerator random, Intake intake, Fence fence,
                              IntSupplier httpPort) throws Exception {
        Signer signer = new Signer(instanceSecret(config, db, clock));
        ReplyTokens replyTokens = new ReplyTokens(signer, config.desk().mailboxes().stream().map(Mailbox::address).toList(),
                config.guards().replyTokenTtl());
        OwnMessageIds ownIds = new OwnMessageIds(config.desk().domain(), random, signer);
        AttachmentFiles attachments = new AttachmentFiles(config.reading().attachmentsDir());
        MailComposer composer = new MailComposer(ownIds, replyTokens, attachments::pathOf);
        Outbox outbox = intake == Intake.LIVE ? new Outbox(composer, config.guards(), clock) : Outbox.discarding(composer, config.guards(), clock);
        RatingTokens ratingTokens = new RatingTokens(signer);
        Ratings ratings = new Ratings(config.rating());
        java.util.function.Supplier<String> pagesBase = () -> config.http().baseUrl(httpPort.getAsInt());
        TicketMail ticketMail = new TicketMail(config.desk(), config.lifecycle(), outbox, clock, pagesBase, config.sla().hours().zone(),
                new RatingLinks(config.rating(), ratingTokens, pagesBase));
        ticketMail.checkTemplates();
        // the detector's profiles take seconds to load: not inside the first new ticket's transaction
        if (!config.desk().languages().offered().isEmpty()) postdesk.language.LanguageGuess.loadInBackground();
        SlaChanges sla = new SlaChanges(config.sla(), ticketMail);
        StatusChanges statusChanges = new StatusChanges(config.lifecycle(), ticketMail, sla);
        Set<String> told = config.desk().languages().offered().isEmpty() ? Set.of() : config.desk().languages().all();
        MailReader reader = new MailReader(attachments, config.reading().attachments(), told);
        InboundPipeline pipeline = new InboundPipeline(db, clock, new Watchdog(reader, config.reading().watchdogTimeout()),
                new TicketFinder(ownIds, replyTokens),
                new Authoriser(config.desk(), ownIds, new AuthResults(config.guards().trustedServers()), intake),
                new Guard(config.guards(), intake),
                new Apply(config.desk(), config.guards(), ticketMail, statusChanges, sla, random, intake, config.lifecycle().collisionGuard(),
                        ratings),
                config.desk().mailboxes().size() > 1, fence, ratings);
        return new Core(pipeline, statusChanges, sla, ticketMail, ratingTokens, ratings);
    }
}
