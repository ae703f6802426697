package org.ppl4j.vae.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ppl4j.vae.SyntheticMnist;

/** {@code train --spark} where ppl-spark is not on the class path, as in this module's tests. */
class SparkOptionTest {
    @TempDir Path tmp;
    private Path data;

    @BeforeEach
    void data() throws IOException {
        data = Files.createDirectories(tmp.resolve("mnist"));
        SyntheticMnist.write(data, 64, 16, true);
    }

    private CliRun train(String... extra) {
        return CliRun.run(tmp, CliRun.trainArgs(data, tmp.resolve("run"), extra));
    }

    @Test
    void withoutPplSparkTheRunFailsNamingTheJarsItNeeds() {
        CliRun r = train("--spark", "local[2]");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err())
                .contains("--spark needs the ppl-spark jar (org.ppl4j:ppl-spark)")
                .contains("spark-core_2.13");
        assertThat(r.out()).doesNotContain("average training loss");
    }

    @Test
    void partitionsWithoutSparkAndSparkWithoutKeyedNoiseAreRefusedBeforeAnyWork() {
        CliRun r = train("--partitions", "4");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--partitions 4 needs --spark MASTER_URL");
        CliRun s = train("--spark", "local[2]", "--no-keyed-noise");
        assertThat(s.code()).isEqualTo(2);
        assertThat(s.err()).contains("--spark draws keyed noise; leave --no-keyed-noise out");
    }
}
