package postdesk.inbound;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Bytes to text when the declared charset may be wrong, missing or unknown: the declared charset
 * if the bytes are valid in it, else UTF-8 if they are valid UTF-8, else windows-1252 (which
 * decodes any byte), so no mail is ever unreadable.
 */
final class TextDecoding {
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    private TextDecoding() {
    }

    static String decode(byte[] bytes, String declared, List<String> warnings) {
        Charset charset = lookup(declared);
        if (declared != null && charset == null) {
            warnings.add("unknown charset '" + declared + "', guessed");
        }
        // US-ASCII is the default for unlabelled text, but 8-bit mail often is UTF-8 in practice
        if (charset != null && charset != StandardCharsets.US_ASCII) {
            String strict = strict(bytes, charset);
            if (strict != null) return strict;
        }
        String utf8 = strict(bytes, StandardCharsets.UTF_8);
        if (utf8 != null) return utf8;
        if (charset != null && charset != StandardCharsets.US_ASCII && !charset.equals(StandardCharsets.UTF_8)) {
            warnings.add("text is not valid " + charset.name() + ", decoded leniently");
            return new String(bytes, charset);
        }
        return new String(bytes, WINDOWS_1252);
    }

    private static Charset lookup(String name) {
        if (name == null || name.isBlank()) return null;
        String n = name.trim().replace("\"", "").toLowerCase(Locale.ROOT);
        // common mislabels: Windows code pages under ISO names, and GB2312 content that is really GBK
        if (n.equals("iso-8859-1") || n.equals("latin1") || n.equals("ascii") || n.equals("us-ascii")) {
            n = n.startsWith("iso") || n.equals("latin1") ? "windows-1252" : "us-ascii";
        } else if (n.equals("gb2312")) {
            n = "gbk";
        }
        try {
            return Charset.forName(n);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String strict(byte[] bytes, Charset charset) {
        try {
            return charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
