package postdesk.config;

import java.nio.file.Path;
import java.time.Duration;

/** How much of a mail is kept and how long reading one may take: the attachment folder and limits, the watchdog. */
public record ReadingLimits(Path attachmentsDir, AttachmentLimits attachments, Duration watchdogTimeout) {
}
