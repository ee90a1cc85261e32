package postdesk.mail;

/**
 * An attachment as recorded with a message; {@code size} is in bytes. {@code sha256} names its
 * content in the attachment store (null when it was not stored); {@code dropped} says why it was
 * refused (over a limit), null when it was kept.
 */
public record AttachmentInfo(String filename, String contentType, long size, boolean inline, String sha256, String dropped) {

    /** Metadata only: nothing stored, nothing dropped. */
    public AttachmentInfo(String filename, String contentType, long size, boolean inline) {
        this(filename, contentType, size, inline, null, null);
    }

    public boolean isDropped() {
        return dropped != null;
    }
}
