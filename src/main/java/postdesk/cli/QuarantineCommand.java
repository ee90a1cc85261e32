package postdesk.cli;

import java.io.PrintWriter;
import java.util.List;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import postdesk.inbound.InboundPipeline;
import postdesk.store.Database;
import postdesk.store.MailLog;

@Command(name = "quarantine", mixinStandardHelpOptions = true,
        description = "List quarantined mail: mail that could not be processed, kept raw with the reason. 'postdesk replay' processes it again.",
        subcommands = QuarantineCommand.ListCommand.class)
final class QuarantineCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Quarantined mail waiting for a replay (with --all, replayed ones too).")
    static final class ListCommand extends ConfigCommand {

        @Option(names = "--all", description = "also list mail that was replayed successfully")
        boolean all;

        @Override
        public Integer call() {
            PrintWriter out = out();
            try (Database db = openDatabase(config())) {
                List<MailLog.QuarantinedMail> mails = new MailLog(db.dsl()).quarantined(!all);
                if (mails.isEmpty()) {
                    out.println(all ? "no quarantined mail" : "no quarantined mail waiting");
                    return 0;
                }
                out.printf("%-6s %-20s %9s  %-40s %s%n", "ID", "QUARANTINED", "BYTES", "MESSAGE-ID", "REASON");
                for (MailLog.QuarantinedMail m : mails) {
                    out.printf("%-6d %-20s %9d  %-40s %s%s%n", m.id(), m.created().toString().substring(0, 19), m.raw().length,
                            shorten(InboundPipeline.oneLine(m.messageId() == null ? "(none)" : m.messageId()), 40), InboundPipeline.oneLine(m.reason()),
                            m.replayed() == null ? "" : "  [replayed " + m.replayed().toString().substring(0, 19) + ": " + m.replayOutcome() + "]");
                }
            }
            return 0;
        }

        private static String shorten(String s, int max) {
            return s.length() <= max ? s : s.substring(0, max - 1) + "…";
        }
    }
}
