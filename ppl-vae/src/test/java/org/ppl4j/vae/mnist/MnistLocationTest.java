package org.ppl4j.vae.mnist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MnistLocationTest {
    private static final Path HOME = Path.of("/home/u");

    @Test
    void optionWinsOverEnvironment() {
        MnistLocation l = MnistLocation.resolve(Path.of("/d"), Map.of("PPL_MNIST_DIR", "/e"), HOME);
        assertThat(l.dir()).isEqualTo(Path.of("/d"));
        assertThat(l.origin()).isEqualTo(MnistLocation.Origin.OPTION);
        assertThat(l.explicit()).isTrue();
    }

    @Test
    void environmentWinsOverCache() {
        MnistLocation l = MnistLocation.resolve(null, Map.of("PPL_MNIST_DIR", "/e"), HOME);
        assertThat(l.dir()).isEqualTo(Path.of("/e"));
        assertThat(l.explicit()).isTrue();
        assertThat(l.toString()).isEqualTo("PPL_MNIST_DIR /e");
    }

    @Test
    void cacheFollowsXdgElseHome() {
        assertThat(MnistLocation.resolve(null, Map.of("XDG_CACHE_HOME", "/x"), HOME).dir())
                .isEqualTo(Path.of("/x/ppl4j/mnist"));
        MnistLocation l = MnistLocation.resolve(null, Map.of("PPL_MNIST_DIR", " "), HOME);
        assertThat(l.dir()).isEqualTo(Path.of("/home/u/.cache/ppl4j/mnist"));
        assertThat(l.explicit()).isFalse();
    }
}
