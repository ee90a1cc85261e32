package postdesk.mail;

/** An attachment as recorded with a message; {@code size} is in bytes, -1 when unknown. */
public record AttachmentInfo(String filename, String contentType, long size, boolean inline) {
}
