package postdesk.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import postdesk.config.Languages;
import postdesk.store.CustomerStore;
import postdesk.store.CustomerStore.Customer;
import postdesk.store.Database;
import postdesk.config.PostdeskConfig;

/** The customer directory: which address or domain belongs to which organisation and plan, and the language they are written to in. */
@Command(name = "customers", mixinStandardHelpOptions = true,
        description = "Manage the customer directory: an address or a whole domain (@example.com) -> organisation, plan, language and licence keys. "
                + "Unknown senders are on the default plan (plan.default); any other plan marks their tickets premium, "
                + "and so does a ticket whose License: line names a key of the directory. "
                + "Without a language, a customer's first mail decides it.",
        subcommands = {CustomersCommand.Add.class, CustomersCommand.ListAll.class, CustomersCommand.Remove.class, CustomersCommand.Import.class})
final class CustomersCommand implements Callable<Integer> {
    private static final Pattern PATTERN = Pattern.compile("([^@\\s,]+)?@[^@\\s,]+\\.[^@\\s,]+");

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    static String checkedPattern(String pattern) {
        String p = pattern.strip().toLowerCase(Locale.ROOT);
        if (!PATTERN.matcher(p).matches()) throw new IllegalArgumentException("'" + pattern + "' is neither an address nor @domain");
        return p;
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add (or change) an address or @domain.")
    static final class Add extends ConfigCommand {

        @Parameters(paramLabel = "ADDRESS|@DOMAIN")
        String pattern;

        @Option(names = "--org", required = true, paramLabel = "NAME", description = "organisation")
        String organisation;

        @Option(names = "--plan", paramLabel = "PLAN", description = "plan (default: the desk's default plan, plan.default)")
        String plan;

        @Option(names = "--language", paramLabel = "CODE",
                description = "the language mail to them is in, ISO 639-1 (de, fr, pt-br); default: detected from their first mail")
        String language;

        @Option(names = "--licence", paramLabel = "KEY", description = "a licence key of this customer (repeatable)")
        List<String> licences = new ArrayList<>();

        @Override
        public Integer call() {
            String p;
            String lang;
            try {
                p = checkedPattern(pattern);
                lang = language == null ? null : Languages.code(language);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
            PostdeskConfig config = config();
            String chosen = (plan == null ? config.desk().policy().defaultPlan() : plan).strip().toLowerCase(Locale.ROOT);
            try (Database db = openDatabase(config)) {
                CustomerStore store = new CustomerStore(db.dsl());
                boolean added = store.put(new Customer(p, organisation.strip(), chosen, lang), Instant.now());
                licences.forEach(key -> store.addLicence(p, key));
                out().println((added ? "added " : "updated ") + p + " -> " + organisation.strip() + " (" + chosen + (lang == null ? "" : ", " + lang) + ")"
                        + (licences.isEmpty() ? "" : ", licences " + String.join(" ", licences)));
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the directory.")
    static final class ListAll extends ConfigCommand {

        @Override
        public Integer call() {
            PrintWriter out = out();
            try (Database db = openDatabase(config())) {
                List<Customer> all = new CustomerStore(db.dsl()).list();
                CustomerStore store = new CustomerStore(db.dsl());
                out.printf("%-40s  %-30s  %-12s  %-10s  %s%n", "ADDRESS / DOMAIN", "ORGANISATION", "PLAN", "LANGUAGE", "LICENCES");
                for (Customer c : all) {
                    out.println(String.format("%-40s  %-30s  %-12s  %-10s  %s", c.pattern(), c.organisation(), c.plan(),
                            c.language() == null ? "(detected)" : c.language(), String.join(" ", store.licences(c.pattern()))).stripTrailing());
                }
                out.println(all.size() + " entr" + (all.size() == 1 ? "y" : "ies"));
            }
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove an address or @domain.")
    static final class Remove extends ConfigCommand {

        @Parameters(paramLabel = "ADDRESS|@DOMAIN")
        String pattern;

        @Override
        public Integer call() {
            try (Database db = openDatabase(config())) {
                if (!new CustomerStore(db.dsl()).remove(pattern)) {
                    err().println("postdesk: " + pattern + " is not in the directory");
                    return 1;
                }
                out().println("removed " + pattern.strip().toLowerCase(Locale.ROOT));
            }
            return 0;
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Import a CSV file: address or @domain, organisation, plan (optional, default plan.default), "
                    + "language (optional, ISO 639-1; empty: detected from their first mail), licence keys (optional, separated by spaces); "
                    + "a header line and # comments are skipped. Existing entries are updated; importing twice changes nothing.")
    static final class Import extends ConfigCommand {

        @Parameters(paramLabel = "FILE.csv")
        Path file;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = out();
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            PostdeskConfig config = config();
            List<Customer> rows = new ArrayList<>();
            Map<String, List<String>> licences = new HashMap<>();
            List<String> refused = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.isEmpty() || line.startsWith("#")) continue;
                List<String> cells = cells(line);
                if (i == 0 && !cells.get(0).contains("@")) continue; // a header
                try {
                    if (cells.size() < 2 || cells.get(1).isBlank()) throw new IllegalArgumentException("needs at least address and organisation");
                    String plan = cells.size() > 2 && !cells.get(2).isBlank() ? cells.get(2) : config.desk().policy().defaultPlan();
                    String language = cells.size() > 3 && !cells.get(3).isBlank() ? Languages.code(cells.get(3)) : null;
                    Customer c = new Customer(checkedPattern(cells.get(0)), cells.get(1), plan.toLowerCase(Locale.ROOT), language);
                    rows.add(c);
                    if (cells.size() > 4 && !cells.get(4).isBlank()) licences.put(c.pattern(), List.of(cells.get(4).strip().split("\\s+")));
                } catch (IllegalArgumentException e) {
                    refused.add("line " + (i + 1) + ": " + e.getMessage());
                }
            }
            int added = 0;
            try (Database db = openDatabase(config)) {
                CustomerStore store = new CustomerStore(db.dsl());
                Instant now = Instant.now();
                for (Customer c : rows) {
                    if (store.put(c, now)) added++;
                    licences.getOrDefault(c.pattern(), List.of()).forEach(key -> store.addLicence(c.pattern(), key));
                }
            }
            out.println(added + " added, " + (rows.size() - added) + " updated, " + refused.size() + " refused");
            refused.forEach(r -> err().println("postdesk: " + r));
            return refused.isEmpty() ? 0 : 1;
        }

        /** Comma-separated cells; a cell may be quoted ("A, Inc."), "" is a quote inside. */
        static List<String> cells(String line) {
            List<String> out = new ArrayList<>();
            StringBuilder cell = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = !quoted;
                } else if (c == ',' && !quoted) {
                    out.add(cell.toString().strip());
                    cell.setLength(0);
                } else {
                    cell.append(c);
                }
            }
            out.add(cell.toString().strip());
            return out;
        }
    }
}
