package postdesk.trust;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class AuthResultsTest {
    final AuthResults results = new AuthResults(Set.of("mx.helpdesk.test"));

    @Test
    void aTrustedServersDkimOrDmarcPassForTheDomainProvesIt() {
        assertThat(results.proves(List.of("mx.helpdesk.test; dkim=pass header.d=helpdesk.test header.s=sel1; spf=pass"), "helpdesk.test")).isTrue();
        assertThat(results.proves(List.of("MX.helpdesk.test 1; spf=fail;\r\n dmarc=pass (p=reject) header.from=helpdesk.test"), "helpdesk.test")).isTrue();
        assertThat(results.proves(List.of("mx.helpdesk.test; dkim=pass (good signature) header.i=@helpdesk.test"), "helpdesk.test")).isTrue();
    }

    @Test
    void anythingElseProvesNothing() {
        // written by the sender: an id nobody trusts
        assertThat(results.proves(List.of("mx.evil.test; dkim=pass header.d=helpdesk.test"), "helpdesk.test")).isFalse();
        // a pass for another domain (the attacker's own signature)
        assertThat(results.proves(List.of("mx.helpdesk.test; dkim=pass header.d=evil.test"), "helpdesk.test")).isFalse();
        assertThat(results.proves(List.of("mx.helpdesk.test; dkim=pass header.d=helpdesk.test.evil.test"), "helpdesk.test")).isFalse();
        assertThat(results.proves(List.of("mx.helpdesk.test; dkim=fail header.d=helpdesk.test; dmarc=fail header.from=helpdesk.test"), "helpdesk.test")).isFalse();
        // the pass hidden in a comment
        assertThat(results.proves(List.of("mx.helpdesk.test; dkim=fail (dkim=pass header.d=helpdesk.test) header.d=helpdesk.test"), "helpdesk.test")).isFalse();
        assertThat(results.proves(List.of("mx.helpdesk.test; none"), "helpdesk.test")).isFalse();
        assertThat(new AuthResults(Set.of()).proves(List.of("mx.helpdesk.test; dkim=pass header.d=helpdesk.test"), "helpdesk.test")).isFalse();
    }

    @Test
    void aTrustedServersDmarcOrSpfFailWithoutADkimPassDisprovesTheSender() {
        assertThat(results.disproves(List.of("mx.helpdesk.test; spf=fail smtp.mailfrom=customer.test; dmarc=fail header.from=customer.test"),
                "customer.test")).isTrue();
        assertThat(results.disproves(List.of("mx.helpdesk.test; spf=fail smtp.mailfrom=alice@customer.test"), "customer.test")).isTrue();
        // a forwarder breaks SPF, the author's DKIM signature still passes: not forged
        assertThat(results.disproves(List.of("mx.helpdesk.test; spf=fail smtp.mailfrom=customer.test; dkim=pass header.d=customer.test"),
                "customer.test")).isFalse();
        // another server's word, a soft fail, a failure for another domain, nothing at all
        assertThat(results.disproves(List.of("mx.evil.test; dmarc=fail header.from=customer.test"), "customer.test")).isFalse();
        assertThat(results.disproves(List.of("mx.helpdesk.test; spf=softfail smtp.mailfrom=customer.test"), "customer.test")).isFalse();
        assertThat(results.disproves(List.of("mx.helpdesk.test; dmarc=fail header.from=other.test"), "customer.test")).isFalse();
        assertThat(results.disproves(List.of(), "customer.test")).isFalse();
    }
}
