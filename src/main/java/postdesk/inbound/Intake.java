package postdesk.inbound;

/** How mail reaches the pipeline. */
public enum Intake {
    /** Mail arriving now, from the mailbox: answered, relayed, rate-limited, agents proven. */
    LIVE,
    /**
     * Mail from an archive ({@code postdesk import}): threaded and applied as if it had arrived at
     * its own date, but nobody is mailed, no rate limit applies, and an agent's From line is taken
     * as proof because the operator vouches for the archive.
     */
    ARCHIVE
}
