package dev.zklab.security;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Gives a service under test the {@link TestTokens}: its tokens file, and the key and issuer of its JWTs. */
public class TestSignIn implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return TestTokens.writeSignIn(TestTokens.DIR);
    }

    @Override
    public void stop() {}
}
