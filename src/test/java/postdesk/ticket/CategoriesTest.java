package postdesk.ticket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class CategoriesTest {
    static final Categories C = Categories.parse("Billing, Technical,General", "incident,request",
            "billing@helpdesk.test=Billing, it@helpdesk.test=technical", "invoice|refund=Billing,vpn|log ?in=Technical");

    @Test
    void anAliasWinsOverKeywords() {
        assertThat(C.forNewTicket(List.of("support@helpdesk.test", "Billing@Helpdesk.test"), "VPN down")).contains("Billing");
        assertThat(C.forNewTicket(List.of("it@helpdesk.test"), "refund")).contains("Technical"); // configured spelling
    }

    @Test
    void keywordsMatchWholeWordsInAnyCase() {
        assertThat(C.forNewTicket(List.of("support@helpdesk.test"), "Cannot LOG IN since Monday")).contains("Technical");
        assertThat(C.forNewTicket(List.of(), "Refund please")).contains("Billing");
        assertThat(C.forNewTicket(List.of(), "Invoices")).isEmpty(); // not the whole word
        assertThat(C.forNewTicket(List.of(), "Hello")).isEmpty();
    }

    @Test
    void agentsPickFromTheList() {
        assertThat(C.category("technical")).contains("Technical");
        assertThat(C.category("Sales")).isEmpty();
        assertThat(C.type("Incident")).contains("incident");
        assertThat(C.type("chat")).isEmpty();
        Categories open = Categories.parse("", "incident,request", "", "");
        assertThat(open.category("Anything at all")).contains("Anything at all");
    }

    @Test
    void badRulesAreExplained() {
        assertThatThrownBy(() -> Categories.parse("Billing", "incident", "sales@x.test=Sales", "")).hasMessageContaining("'Sales' is not one of");
        assertThatThrownBy(() -> Categories.parse("", "incident", "", "invoice")).hasMessageContaining("is not KEY=Category");
        assertThatThrownBy(() -> Categories.parse("", "incident", "", "inv(oice=Billing")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Categories.parse("", "", "", "")).hasMessageContaining("at least one type");
    }
}
