package postdesk.web;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import postdesk.mail.AttachmentInfo;
import postdesk.store.AttachmentFiles;
import postdesk.store.Database;
import postdesk.store.TicketStore;
import postdesk.ticket.TicketId;

/**
 * A ticket's attachments from the content-addressed store, at {@code /tickets/ID/files/SHA256}.
 * Only a hash recorded on that ticket is served. Images a browser shows without running anything
 * are served as themselves, inline; everything else (HTML, SVG, PDF, archives) as an opaque
 * download, so nothing a customer sent ever runs in the status page's origin.
 */
final class Attachments {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private final Database db;
    private final AttachmentFiles files;

    Attachments(Database db, AttachmentFiles files) {
        this.db = db;
        this.files = files;
    }

    static String url(TicketId ticket, AttachmentInfo a) {
        return "/tickets/" + ticket.value() + "/files/" + a.sha256();
    }

    Optional<Response> serve(TicketId ticket, String sha256) {
        if (!SHA256.matcher(sha256).matches()) return Optional.empty();
        Optional<AttachmentInfo> found = new TicketStore(db.dsl()).attachment(ticket, sha256);
        if (found.isEmpty()) return Optional.empty();
        AttachmentInfo a = found.get();
        Path path = files.pathOf(sha256);
        byte[] content;
        try {
            content = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        String name = URLEncoder.encode(a.filename(), StandardCharsets.UTF_8).replace("+", "%20");
        if (a.isShowableImage()) {
            return Optional.of(new Response(200, a.contentType(), content, Map.of("Content-Disposition", "inline; filename*=UTF-8''" + name)));
        }
        return Optional.of(new Response(200, "application/octet-stream", content,
                Map.of("Content-Disposition", "attachment; filename*=UTF-8''" + name)));
    }
}
