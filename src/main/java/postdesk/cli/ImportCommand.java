package postdesk.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import postdesk.archive.ArchiveImport;
import postdesk.archive.Mbox;
import postdesk.config.PostdeskConfig;
import postdesk.inbound.Intake;
import postdesk.inbound.Outcome.Action;
import postdesk.store.Database;

@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Ingest an mbox archive as if its mail had arrived, oldest first, each at its own date:"
                + " tickets, threads, statuses and timers come out as they would have. Nobody is mailed (unless --live).",
                "Running it again (after an interruption, or on the same file) adds only what is missing."
                        + " With the embedded H2 database, stop the daemon first."})
final class ImportCommand extends ConfigCommand {

    @Option(names = "--mbox", required = true, paramLabel = "FILE",
            description = "an mbox file to import; give it again for more files (an inbox and its sent folder), imported together by date")
    List<Path> mboxFiles;

    @Option(names = "--live", description = {"take the mail as arriving now, answered like mail from the mailbox"
            + " (for mail that missed it, e.g. an MTA's fallback mbox); what it queues is sent when the daemon runs"})
    boolean live;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = out();
        PrintWriter err = err();
        for (Path file : mboxFiles) {
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                err.println("postdesk: cannot read " + file + ": no such readable file");
                return 2;
            }
        }
        PostdeskConfig config = config();
        Clock clock = Clock.systemUTC();
        List<Mbox> archives = new ArrayList<>();
        try {
            for (Path file : mboxFiles) archives.add(Mbox.index(file, clock.instant()));
        } catch (Mbox.NotMboxException e) {
            err.println("postdesk: " + e.getMessage());
            return 2;
        }
        // one line per mail would bury the progress bar; warnings (a quarantined mail) still show
        Logger postdesk = (Logger) LoggerFactory.getLogger("postdesk");
        Level level = postdesk.getLevel();
        postdesk.setLevel(Level.WARN);
        try (Database db = openDatabase(config)) {
            err.println("importing " + archives.stream().mapToInt(Mbox::size).sum() + " mails from "
                    + String.join(", ", mboxFiles.stream().map(Path::toString).toList()));
            ProgressBar bar = new ProgressBar(err, System.console() != null, clock);
            ArchiveImport.Summary s = new ArchiveImport(config, db, clock, new SecureRandom(), live ? Intake.LIVE : Intake.ARCHIVE)
                    .run(archives, bar::advanced);
            out.println(s.mails() + " mails: " + (s.count(Action.CREATED) + s.count(Action.FOLLOW_UP)) + " new tickets, "
                    + (s.count(Action.APPENDED) + s.count(Action.RELAYED)) + " added to tickets, "
                    + s.alreadyImported() + " already imported, " + (s.count(Action.IGNORED) + s.count(Action.STATUS_SENT)
                    + s.count(Action.NOT_ANSWERED) + s.count(Action.UNFILED) + s.count(Action.FORUM_POINTER))
                    + " ignored (Postdesk's own mail, status requests, machine mail about no ticket), "
                    + s.count(Action.QUARANTINED) + " quarantined; " + (live ? s.queued() + " mails queued, sent when the daemon runs"
                    : s.timersFired() + " timers fell due; nobody was mailed"));
            if (s.count(Action.QUARANTINED) > 0) {
                out.println("see 'postdesk quarantine list' for the quarantined mails and 'postdesk replay' once fixed");
            }
        } finally {
            postdesk.setLevel(level); // the level is the JVM's, not this command's
        }
        return 0;
    }
}
