package io.smart402.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import reactor.blockhound.integration.BlockHoundIntegration;

class JdkLoggingBlockHoundIntegrationTest {

    @Test
    void isRegisteredForBlockHoundToLoad() {
        assertThat(ServiceLoader.load(BlockHoundIntegration.class).stream().map(ServiceLoader.Provider::type))
                .contains(JdkLoggingBlockHoundIntegration.class);
    }
}
