package postdesk.cli;

import java.io.PrintWriter;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import postdesk.config.PostdeskConfig;
import postdesk.daemon.Core;
import postdesk.inbound.FetchedMail;
import postdesk.inbound.Outcome;
import postdesk.store.Database;
import postdesk.store.MailLog;

@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Process quarantined mail again (after a fix, or a limit raised), exactly as the daemon would.",
                "The mail it queues is sent by the daemon when it runs. With the embedded H2 database, stop the daemon first."})
final class ReplayCommand extends ConfigCommand {

    @ArgGroup(multiplicity = "1")
    Which which;

    static final class Which {
        @Parameters(paramLabel = "ID", arity = "1..*", description = "quarantine IDs (see 'postdesk quarantine list')")
        List<Long> ids;

        @Option(names = "--all", required = true, description = "every quarantined mail waiting for a replay")
        boolean all;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = out();
        PrintWriter err = err();
        PostdeskConfig config = config();
        int failed = 0;
        try (Database db = openDatabase(config)) {
            Clock clock = Clock.systemUTC();
            Core core = Core.build(config, db, clock, new SecureRandom(), postdesk.inbound.Intake.LIVE);
            List<MailLog.QuarantinedMail> waiting = new MailLog(db.dsl()).quarantined(true);
            if (!which.all) {
                for (long id : which.ids) {
                    if (waiting.stream().noneMatch(m -> m.id() == id)) {
                        err.println("postdesk: no quarantined mail " + id + " waiting (see 'postdesk quarantine list --all')");
                        return 1;
                    }
                }
                waiting = waiting.stream().filter(m -> which.ids.contains(m.id())).toList();
            }
            for (MailLog.QuarantinedMail m : waiting) {
                // its own mailbox position per attempt: a replay is a new processing of the same bytes
                FetchedMail raw = FetchedMail.of(new MailLog.MailboxPosition("replay", m.id(), clock.millis()), m.raw());
                Outcome outcome = core.pipeline().replay(m.id(), raw);
                boolean ok = outcome.action() != Outcome.Action.QUARANTINED;
                if (!ok) failed++;
                out.println(m.id() + ": " + (ok ? outcome.action() + (outcome.ticket() == null ? "" : " " + outcome.ticket())
                        : "failed again, still quarantined"));
            }
            out.println(waiting.size() - failed + " replayed, " + failed + " still quarantined");
        }
        return failed == 0 ? 0 : 1;
    }
}
