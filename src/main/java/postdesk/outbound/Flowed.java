package postdesk.outbound;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 3676 {@code format=flowed} for the text part of every mail: long lines are cut at spaces
 * into lines of at most {@value #WIDTH} characters, each cut marked by a trailing space, so a
 * plain-text client (mutt) shows tidy lines and a flowed-aware one rejoins the paragraph. The
 * signature separator "-- " keeps its space; lines starting with a space or "From " are
 * space-stuffed; trailing spaces of hard lines are dropped (they would read as soft breaks).
 * Lines starting with "&gt;" are left as quotes.
 */
public final class Flowed {
    static final int WIDTH = 72;

    private Flowed() {
    }

    public static String encode(String text) {
        StringBuilder out = new StringBuilder();
        for (String line : text.replace("\r\n", "\n").split("\n", -1)) {
            if (line.equals("-- ")) {
                out.append("-- ").append('\n');
                continue;
            }
            String hard = line.stripTrailing();
            List<String> pieces = line.startsWith(">") ? List.of(hard) : wrap(hard);
            for (int i = 0; i < pieces.size(); i++) {
                String p = pieces.get(i);
                if (p.startsWith(" ") || p.startsWith("From ")) p = " " + p;
                out.append(p);
                if (i < pieces.size() - 1) out.append(' ');
                out.append('\n');
            }
        }
        String s = out.toString();
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }

    /** Cuts at the last space before the width; a word longer than the width stays whole. */
    private static List<String> wrap(String line) {
        List<String> pieces = new ArrayList<>();
        String rest = line;
        while (rest.length() > WIDTH) {
            int cut = rest.lastIndexOf(' ', WIDTH);
            if (cut <= 0) cut = rest.indexOf(' ', WIDTH);
            if (cut <= 0) break;
            pieces.add(rest.substring(0, cut));
            rest = rest.substring(cut + 1);
        }
        pieces.add(rest);
        return pieces;
    }

    /** What a flowed-aware client shows: soft-broken lines joined, space-stuffing removed. */
    public static String decode(String flowed) {
        StringBuilder out = new StringBuilder();
        for (String line : flowed.replace("\r\n", "\n").split("\n", -1)) {
            String l = line.startsWith(" ") ? line.substring(1) : line;
            out.append(l);
            if (!(l.endsWith(" ") && !l.equals("-- "))) out.append('\n');
        }
        String s = out.toString();
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }
}
