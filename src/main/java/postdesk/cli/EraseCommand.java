package postdesk.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.Locale;
import java.util.regex.Pattern;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

import postdesk.config.Mailbox;
import postdesk.config.PostdeskConfig;
import postdesk.retention.PersonErasure;
import postdesk.store.AttachmentFiles;
import postdesk.store.Database;
import postdesk.store.Tally;

/** {@code postdesk erase ADDRESS}: the GDPR erasure of one person. */
@Command(name = "erase", mixinStandardHelpOptions = true,
        description = {"GDPR erasure of one person: the tickets they asked for lose their messages, attachments (files too), "
                + "people and mail; on other tickets their address and name are replaced by 'erased' and their messages blanked; "
                + "their directory entry, bounce suppression, automatic-mail records and quarantined mail go. "
                + "Each ticket touched keeps an audit event without the address. Prints the counts; a second run finds nothing left.",
                "With an H2 file stop the daemon first; on PostgreSQL it may run meanwhile."})
final class EraseCommand extends ConfigCommand {
    private static final Pattern ADDRESS = Pattern.compile("[^@\\s<>\",]+@[^@\\s<>\",]+");

    @Parameters(paramLabel = "ADDRESS", description = "the person's mail address (any case)")
    String address;

    @Override
    public Integer call() {
        String a = address.strip().toLowerCase(Locale.ROOT);
        if (!ADDRESS.matcher(a).matches()) throw new ParameterException(spec.commandLine(), "'" + address + "' is not a mail address");
        PostdeskConfig config = config();
        if (config.desk().mailboxes().stream().map(Mailbox::address).anyMatch(a::equals)) {
            throw new ParameterException(spec.commandLine(), a + " is an address of the desk itself, not a person's");
        }
        Tally erased;
        boolean compacted;
        try (Database db = openDatabase(config)) {
            erased = new PersonErasure(db, config.desk(), new AttachmentFiles(config.reading().attachmentsDir()), Clock.systemUTC()).erase(a);
            // H2 keeps superseded pages in its file for a while: the erased values would still be on disk
            compacted = !erased.isEmpty() && db.compactFile();
        }
        PrintWriter out = out();
        if (erased.isEmpty()) {
            out.println("nothing left about " + a + ": nothing erased");
        } else {
            out.println("erased " + a + ":");
            erased.counts().forEach((kind, count) -> out.printf("  %-28s %d%n", kind, count));
            out.println(compacted ? "the database file was compacted: no old copy of the erased data is left in it"
                    : "PostgreSQL keeps old row versions until they are vacuumed: run VACUUM FULL to remove them from disk now");
        }
        return 0;
    }
}
