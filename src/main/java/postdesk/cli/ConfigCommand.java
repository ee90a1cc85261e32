package postdesk.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import postdesk.config.PostdeskConfig;
import postdesk.store.Database;

/** What every command that reads the configuration shares: {@code --config FILE} and the environment. */
abstract class ConfigCommand implements Callable<Integer> {
    static final Path DEFAULT_CONFIG = Path.of("config", "postdesk.properties");

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "configuration file (default: config/postdesk.properties; POSTDESK_* variables override it)")
    Path configFile;

    Map<String, String> env = System.getenv();

    @Spec
    CommandSpec spec;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    PostdeskConfig config() {
        // an explicit --config must exist; the default may be absent when everything comes from POSTDESK_* variables
        return PostdeskConfig.load(configFile == null ? DEFAULT_CONFIG : configFile, configFile != null, env);
    }

    /** The database, migrated to the current schema. */
    static Database openDatabase(PostdeskConfig config) {
        Database db;
        try {
            db = Database.open(config.database().url(), config.database().user(), config.database().password());
        } catch (RuntimeException e) {
            if (String.valueOf(e.getMessage()).contains("already in use")) {
                // an embedded H2 file is held by the running daemon: say where the same data can be read
                throw new IllegalStateException("the database is open in a running Postdesk; while it runs, read tickets at http://"
                        + config.http().bind() + ":" + config.http().port() + "/api/tickets (or the status page at /), or stop it first");
            }
            throw e;
        }
        try {
            db.migrate();
            return db;
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }
}
