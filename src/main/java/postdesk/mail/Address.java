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

    public String domain() {
        int at = address.indexOf('@');
        return at >= 0 ? address.substring(at + 1) : "";
    }

    @Override
    public String toString() {
        return name.isEmpty() ? address : name + " <" + address + ">";
    }
}
