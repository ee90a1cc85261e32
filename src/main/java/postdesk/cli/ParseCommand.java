package postdesk.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import postdesk.bounce.Bounce;
import postdesk.mail.AttachmentInfo;
import postdesk.mime.ParsedMail;
import postdesk.reading.MailReader;
import postdesk.reading.Reading;

/** Shows how the daemon reads mail files: one JSON object per file and line. Never stops at a bad file. */
@Command(name = "parse", mixinStandardHelpOptions = true,
        description = "Read mail files (RFC 5322 / .eml) the way the daemon does and print one JSON object per file: "
                + "kind, decoded headers, text, extracted reply, attachments, bounce details, warnings.")
final class ParseCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "mail files to read")
    List<Path> files;

    @Override
    public Integer call() throws JsonProcessingException {
        PrintWriter out = spec.commandLine().getOut();
        MailReader reader = new MailReader();
        int unreadable = 0;
        for (Path file : files) {
            Map<String, Object> json;
            try {
                json = describe(file.toString(), reader.read(Files.readAllBytes(file)));
            } catch (Exception | StackOverflowError | OutOfMemoryError e) {
                unreadable++;
                json = new LinkedHashMap<>();
                json.put("file", file.toString());
                json.put("kind", null);
                json.put("warnings", List.of("unreadable: " + e));
            }
            out.println(JSON.writeValueAsString(json));
        }
        out.flush();
        return unreadable == 0 ? 0 : 1;
    }

    static Map<String, Object> describe(String file, Reading read) {
        ParsedMail m = read.mail();
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("file", file);
        j.put("kind", read.kind().label());
        j.put("subject", m.subject());
        j.put("from", Map.of("name", m.from().name(), "address", m.from().address()));
        j.put("message_id", m.messageId());
        j.put("in_reply_to", m.inReplyTo().isEmpty() ? null : m.inReplyTo().get(0));
        j.put("references", m.references());
        j.put("text", m.text());
        j.put("reply_text", read.reply().text());
        j.put("quoted_text", read.reply().quoted());
        List<Map<String, Object>> attachments = new ArrayList<>();
        for (AttachmentInfo a : m.attachments()) {
            Map<String, Object> aj = new LinkedHashMap<>();
            aj.put("filename", a.filename());
            aj.put("content_type", a.contentType());
            aj.put("size", a.size());
            aj.put("inline", a.inline());
            attachments.add(aj);
        }
        j.put("attachments", attachments);
        if (read.bounce() != null) {
            Bounce b = read.bounce();
            Map<String, Object> bj = new LinkedHashMap<>();
            bj.put("recipients", b.recipients().stream().map(r -> {
                Map<String, Object> rj = new LinkedHashMap<>();
                rj.put("address", r.address());
                rj.put("status", r.status());
                rj.put("action", r.action());
                return rj;
            }).toList());
            bj.put("original_message_id", b.originalMessageId());
            j.put("bounce", bj);
        }
        j.put("warnings", m.warnings());
        return j;
    }
}
