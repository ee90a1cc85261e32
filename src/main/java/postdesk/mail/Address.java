package postdesk.mail;

import java.util.Locale;

/** A mailbox: display name (may be empty) and address (lower case). */
public record Address(String name, String address) {
    public Address {
        name = name == null ? "" : name.replaceAll("[\\p{Cntrl}]+", " ").strip();
        address = address == null ? "" : address.strip().toLowerCase(Locale.ROOT);
    }

    public static Address of(String address) {
        return new Address("", address);
    }

    /** The name to show a person: the display name, else the address's local part. */
    public String displayName() {
        if (!name.isEmpty()) return name;
        int at = address.indexOf('@');
        return at > 0 ? address.substring(0, at) : address;
    }

    /**
     * Whether mail can be sent to this address at all: a local part without spaces or control
     * characters, and a domain of letters, digits, hyphens and dots. Mangled senders (broken
     * headers, forged junk) are kept on the ticket but never written to.
     */
    public boolean isDeliverable() {
        return DELIVERABLE.matcher(address).matches();
    }

    private static final java.util.regex.Pattern DELIVERABLE = java.util.regex.Pattern.compile(
            "[^\\s\\p{Cntrl}@<>()\\[\\],;:\"]{1,64}@(?=.{1,253}$)([\\p{L}\\p{N}]([\\p{L}\\p{N}-]*[\\p{L}\\p{N}])?\\.)+[\\p{L}]{2,63}");

    /** Addresses no person reads: answering them only feeds loops (no-reply, mailer-daemon, postmaster, bounces). */
    public boolean isRobot() {
        String local = address.contains("@") ? address.substring(0, address.indexOf('@')) : address;
        return ROBOT.matcher(local).matches();
    }

    private static final java.util.regex.Pattern ROBOT = java.util.regex.Pattern.compile(
            "(?i)(no[-_.]?reply|do[-_.]?not[-_.]?reply|mailer[-_.]?daemon|postmaster|bounces?)([-+_.].*)?");

    public String domain() {
        int at = address.indexOf('@');
        return at >= 0 ? address.substring(at + 1) : "";
    }

    @Override
    public String toString() {
        return name.isEmpty() ? address : name + " <" + address + ">";
    }
}
