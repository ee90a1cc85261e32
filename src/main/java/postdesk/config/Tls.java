package postdesk.config;

/** How a mail connection is protected. */
public enum Tls {
    /** Plain text (loopback or trusted networks only). */
    NONE,
    /** Plain connect, then STARTTLS, which is required. */
    STARTTLS,
    /** TLS from the first byte (IMAPS 993, SMTPS 465). */
    TLS
}
