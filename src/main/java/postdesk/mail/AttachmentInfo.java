package postdesk.mail;

/**
 * An attachment as recorded with a message; {@code size} is in bytes. {@code sha256} names its
 * content in the attachment store (null when it was not stored); {@code dropped} says why it was
 * refused (over a limit), null when it was kept. {@code contentId} is the part's Content-ID
 * (without brackets), by which an HTML body shows it ({@code <img src="cid:…">}), or null.
 */
public record AttachmentInfo(String filename, String contentType, long size, boolean inline, String sha256, String dropped,
                             String contentId) {
    /** Image types a browser shows without running anything (no SVG: it may carry script). */
    private static final java.util.Set<String> SAFE_IMAGES = java.util.Set.of("image/png", "image/jpeg", "image/gif", "image/webp");

    /** Metadata only: nothing stored, nothing dropped. */
    public AttachmentInfo(String filename, String contentType, long size, boolean inline) {
        this(filename, contentType, size, inline, null, null, null);
    }

    /** A kept image a page may show as a picture. */
    public boolean isShowableImage() {
        return sha256 != null && SAFE_IMAGES.contains(contentType);
    }

    public boolean isDropped() {
        return dropped != null;
    }
}
