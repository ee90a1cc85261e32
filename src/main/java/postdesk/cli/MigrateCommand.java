package postdesk.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import postdesk.config.PostdeskConfig;
import postdesk.store.Database;

@Command(name = "migrate", mixinStandardHelpOptions = true, description = "Create or upgrade the database schema, then exit.")
final class MigrateCommand extends ConfigCommand {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PostdeskConfig config = config();
        try (Database db = Database.open(config.dbUrl(), config.dbUser(), config.dbPassword())) {
            int applied = db.migrate();
            spec.commandLine().getOut().println("database " + config.redactedDbUrl() + ": "
                    + (applied == 0 ? "schema is up to date" : applied + " migration(s) applied"));
        }
        return 0;
    }
}
