package postdesk.ticket;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Commands written on lines of their own at the top of a reply ({@code #status resolved},
 * {@code #assign me}, {@code #note} …): parsed off the text, which keeps only what follows them,
 * so no command line ever reaches a customer.
 */
public final class Commands {
    private static final Pattern LINE = Pattern.compile("^\\s*#([A-Za-z][A-Za-z_-]*)(?:[ \\t]+(.*?))?\\s*$");

    private Commands() {
    }

    /** One command line: the lower-case name and its argument (empty when none). */
    public record Command(String name, String argument, String line) {
    }

    /** The commands from the top of the text, and the text without them. */
    public record Parsed(List<Command> commands, String text) {
    }

    public static Parsed parse(String text) {
        return parse(text, null);
    }

    /**
     * Only the commands named in {@code names} (null: any) are taken off the top; the first other
     * line ends them. A customer's {@code #close} is cut like this, while a line such as
     * {@code #hashtag} stays their text.
     */
    public static Parsed parse(String text, Set<String> names) {
        List<Command> commands = new ArrayList<>();
        List<String> lines = text.lines().toList();
        int i = 0;
        for (; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) continue;
            Matcher m = LINE.matcher(line);
            if (!m.matches()) break;
            String name = m.group(1).toLowerCase(Locale.ROOT);
            if (names != null && !names.contains(name)) break;
            commands.add(new Command(name, m.group(2) == null ? "" : m.group(2).strip(), line.strip()));
        }
        if (commands.isEmpty()) return new Parsed(commands, text);
        return new Parsed(commands, String.join("\n", lines.subList(i, lines.size())).strip());
    }
}
