package postdesk.config;

/** How much attachment content one mail may bring: count, bytes per file, bytes in all. */
public record AttachmentLimits(int maxCount, long maxBytesEach, long maxBytesTotal) {
    public static final AttachmentLimits NONE = new AttachmentLimits(Integer.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE);
}
