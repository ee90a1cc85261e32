package postdesk.cli;

import java.io.PrintWriter;
import java.util.Map;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import postdesk.config.ConfigException;

/** {@code java -jar postdesk.jar COMMAND}: exit 0 ok, 1 failure, 2 usage or configuration error. */
@Command(name = "postdesk", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Postdesk, the email-first helpdesk daemon.",
        subcommands = {RunCommand.class, MigrateCommand.class, TicketsCommand.class, TicketCommand.class,
                CheckConfigCommand.class, ParseCommand.class, CustomersCommand.class, QuarantineCommand.class, ReplayCommand.class,
                ExportCommand.class, StatsCommand.class, ImportCommand.class, OAuthCommand.class, EraseCommand.class,
                CommandLine.HelpCommand.class})
public final class Main {
    public static void main(String[] args) {
        System.exit(execute(args, System.getenv(), new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs one command line with the given environment; returns the exit code. */
    public static int execute(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
        CommandLine cmd = new CommandLine(new Main(), new Factory(env));
        cmd.setOut(out);
        cmd.setErr(err);
        cmd.setExecutionExceptionHandler((ex, line, parseResult) -> {
            if (ex instanceof ConfigException) {
                err.println("postdesk: configuration error: " + ex.getMessage());
                return 2;
            }
            err.println("postdesk: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            return 1;
        });
        if (args.length == 0) {
            cmd.usage(err);
            return 2;
        }
        return cmd.execute(args);
    }

    /** Gives every command the environment to read {@code POSTDESK_*} from (tests pass their own). */
    private record Factory(Map<String, String> env) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            if (ConfigCommand.class.isAssignableFrom(cls)) {
                K k = CommandLine.defaultFactory().create(cls);
                ((ConfigCommand) k).env = env;
                return k;
            }
            return CommandLine.defaultFactory().create(cls);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"postdesk " + (v == null ? "dev" : v)};
        }
    }
}
