package postdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.junit.jupiter.api.Test;

import postdesk.config.OAuth2;

class OAuthCommandTest {
    @Test
    void aPastedRedirectAddressOrCodeIsTakenOnlyWithItsState() {
        // the browser ran on another machine: the operator pastes where it was sent
        assertThat(OAuthCommand.codeFrom("http://127.0.0.1:8400/callback?code=abc%2Fdef&state=s1", "s1")).contains("abc/def");
        assertThat(OAuthCommand.codeFrom("http://127.0.0.1:8400/callback?state=s1&code=xyz", "s1")).contains("xyz");
        assertThat(OAuthCommand.codeFrom("http://127.0.0.1:8400/callback?code=abc&state=forged", "s1")).isEmpty();
        assertThat(OAuthCommand.codeFrom("http://127.0.0.1:8400/callback?error=access_denied&state=s1", "s1")).isEmpty();
        assertThat(OAuthCommand.codeFrom("  abc-def  ", "s1")).contains("abc-def");
        assertThat(OAuthCommand.codeFrom("", "s1")).isEmpty();
    }

    @Test
    void theAuthorizationRequestAsksForACodeWithPkceAndOfflineAccess() {
        OAuth2 oauth = new OAuth2(URI.create("https://login.example.com/token"), OAuth2.Grant.REFRESH_TOKEN, "app id", "", "imap smtp",
                null, null, null, URI.create("https://login.example.com/authorize?tenant=t"), "default", OAuth2.Mechanism.XOAUTH2);
        String url = OAuthCommand.authorizationUrl(oauth, "http://127.0.0.1:8400/callback", "st", "ch", "support@example.com");
        assertThat(url).startsWith("https://login.example.com/authorize?tenant=t&response_type=code&client_id=app+id&")
                .contains("redirect_uri=http%3A%2F%2F127.0.0.1%3A8400%2Fcallback", "scope=imap+smtp", "state=st",
                        "code_challenge=ch", "code_challenge_method=S256", "access_type=offline", "login_hint=support%40example.com");
    }
}
