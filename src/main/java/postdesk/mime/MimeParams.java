package postdesk.mime;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The parameters of a Content-Type or Content-Disposition value, decoded: quoted strings,
 * RFC 2231 continuations and charsets ({@code filename*0*=utf-8''…}), and the RFC 2047 encoded
 * words many clients put into quoted file names although the RFC forbids it.
 */
final class MimeParams {
    private MimeParams() {
    }

    /** The value before the first ';' (lower case), e.g. {@code attachment} or {@code text/plain}. */
    static String mainValue(String header) {
        if (header == null) return null;
        int semi = header.indexOf(';');
        String v = (semi < 0 ? header : header.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
        return v.isEmpty() ? null : v;
    }

    /** Parameter name (lower case, RFC 2231 sections joined) → decoded value. */
    static Map<String, String> parse(String header) {
        Map<String, String> plain = new LinkedHashMap<>();
        Map<String, TreeMap<Integer, String[]>> sections = new LinkedHashMap<>();
        if (header == null) return plain;
        int i = header.indexOf(';');
        while (i >= 0 && i < header.length()) {
            i++;
            int eq = header.indexOf('=', i);
            if (eq < 0) break;
            String name = header.substring(i, eq).strip().toLowerCase(Locale.ROOT);
            int j = eq + 1;
            while (j < header.length() && Character.isWhitespace(header.charAt(j))) j++;
            String value;
            if (j < header.length() && header.charAt(j) == '"') {
                StringBuilder b = new StringBuilder();
                j++;
                while (j < header.length() && header.charAt(j) != '"') {
                    if (header.charAt(j) == '\\' && j + 1 < header.length()) j++;
                    b.append(header.charAt(j++));
                }
                value = b.toString();
                j = header.indexOf(';', j);
            } else {
                int end = header.indexOf(';', j);
                value = (end < 0 ? header.substring(j) : header.substring(j, end)).strip();
                j = end;
            }
            i = j;
            if (name.isEmpty()) continue;
            // RFC 2231: name*0*=..., name*1=..., or name*=charset'lang'value
            String base = name;
            int section = 0;
            boolean encoded = name.endsWith("*");
            if (encoded) base = name.substring(0, name.length() - 1);
            int star = base.indexOf('*');
            if (star > 0) {
                try {
                    section = Integer.parseInt(base.substring(star + 1));
                    base = base.substring(0, star);
                } catch (NumberFormatException e) {
                    continue;
                }
            }
            if (star > 0 || encoded) {
                sections.computeIfAbsent(base, k -> new TreeMap<>()).put(section, new String[] {value, Boolean.toString(encoded)});
            } else {
                plain.putIfAbsent(name, EncodedWords.decode(value));
            }
        }
        for (Map.Entry<String, TreeMap<Integer, String[]>> e : sections.entrySet()) {
            plain.put(e.getKey(), joinSections(e.getValue()));
        }
        return plain;
    }

    private static String joinSections(TreeMap<Integer, String[]> parts) {
        Charset charset = StandardCharsets.UTF_8;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        boolean first = true;
        for (String[] part : parts.values()) {
            String v = part[0];
            boolean encoded = Boolean.parseBoolean(part[1]);
            if (first && encoded) {
                int q1 = v.indexOf('\'');
                int q2 = q1 < 0 ? -1 : v.indexOf('\'', q1 + 1);
                if (q2 > 0) {
                    charset = charsetOr(v.substring(0, q1), StandardCharsets.UTF_8);
                    v = v.substring(q2 + 1);
                }
            }
            first = false;
            if (encoded) {
                percentDecode(v, bytes);
            } else {
                bytes.writeBytes(v.getBytes(StandardCharsets.ISO_8859_1));
            }
        }
        return TextDecoding.decode(bytes.toByteArray(), charset.name(), new java.util.ArrayList<>());
    }

    private static void percentDecode(String v, ByteArrayOutputStream out) {
        for (int k = 0; k < v.length(); k++) {
            char c = v.charAt(k);
            if (c == '%' && k + 2 < v.length() && isHex(v.charAt(k + 1)) && isHex(v.charAt(k + 2))) {
                out.write(Integer.parseInt(v.substring(k + 1, k + 3), 16));
                k += 2;
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }

    private static Charset charsetOr(String name, Charset fallback) {
        try {
            return name.isBlank() ? fallback : Charset.forName(name.strip());
        } catch (RuntimeException e) {
            return fallback;
        }
    }


}
