package postdesk.cli;

import picocli.CommandLine.Command;

import postdesk.config.PostdeskConfig;
import postdesk.store.Database;

@Command(name = "migrate", mixinStandardHelpOptions = true, description = "Create or upgrade the database schema, then exit.")
final class MigrateCommand extends ConfigCommand {

    @Override
    public Integer call() {
        PostdeskConfig config = config();
        try (Database db = Database.open(config.database().url(), config.database().user(), config.database().password())) {
            int applied = db.migrate();
            out().println("database " + config.database().redactedUrl() + ": "
                    + (applied == 0 ? "schema is up to date" : applied + " migration(s) applied"));
        }
        return 0;
    }
}
