package postdesk.mime;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import postdesk.mail.Address;

/**
 * A small address-list reader for header values with non-ASCII characters (RFC 6532), which
 * MIME4J's lenient parser miscounts: {@code Name <addr>}, {@code "Quoted, Name" <addr>},
 * {@code addr (Comment Name)}, bare {@code addr}, and {@code group: a, b;}.
 */
final class AddressLists {
    private static final Pattern ADDRESS = Pattern.compile("[^\\s<>\"(),;:@]+@[^\\s<>\"(),;:]+");

    private AddressLists() {
    }

    static List<Address> parse(String value) {
        List<Address> out = new ArrayList<>();
        for (String item : split(value)) {
            String s = item.strip();
            int colon = s.indexOf(':');
            if (colon >= 0 && s.indexOf('<') < 0 && s.indexOf('"') < 0) s = s.substring(colon + 1).strip(); // group name
            if (s.endsWith(";")) s = s.substring(0, s.length() - 1).strip();
            if (s.isEmpty()) continue;
            int lt = s.lastIndexOf('<');
            int gt = s.lastIndexOf('>');
            if (lt >= 0 && gt > lt) {
                out.add(new Address(EncodedWords.decode(unquote(s.substring(0, lt).strip())), s.substring(lt + 1, gt).strip()));
                continue;
            }
            Matcher m = ADDRESS.matcher(s);
            if (!m.find()) continue;
            String rest = (s.substring(0, m.start()) + s.substring(m.end())).strip();
            String name = rest.startsWith("(") && rest.endsWith(")") ? rest.substring(1, rest.length() - 1).strip() : "";
            out.add(new Address(EncodedWords.decode(name), m.group()));
        }
        return out;
    }

    /** Splits at commas that are outside quotes, angle brackets and comments. */
    private static List<String> split(String value) {
        List<String> items = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        int angle = 0;
        int comment = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && quoted && i + 1 < value.length()) {
                current.append(c).append(value.charAt(++i));
                continue;
            }
            if (c == '"' && comment == 0) quoted = !quoted;
            else if (!quoted && c == '<') angle++;
            else if (!quoted && c == '>' && angle > 0) angle--;
            else if (!quoted && c == '(') comment++;
            else if (!quoted && c == ')' && comment > 0) comment--;
            if (c == ',' && !quoted && angle == 0 && comment == 0) {
                items.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        items.add(current.toString());
        return items;
    }

    private static String unquote(String s) {
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
            return s.substring(1, s.length() - 1).replaceAll("\\\\(.)", "$1");
        }
        return s;
    }
}
