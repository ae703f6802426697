package org.ppl4j.vae;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The progress bar draws intermediate frames, at most one per tenth of a second. */
class ProgressBarTest {
    @Test
    void drawsTheFirstUpdateThenAtMostTenFramesASecondAndTheLast() {
        AtomicLong now = new AtomicLong(5_000_000_000L);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        ProgressBar bar = new ProgressBar(out, "[epoch 000]", 10, now::get);
        bar.update(1, 150.0);
        now.addAndGet(50_000_000L);
        bar.update(2, 140.0); // 50 ms after the last frame: skipped
        now.addAndGet(60_000_000L);
        bar.update(3, 130.0); // 110 ms after it: drawn
        bar.update(10, 120.0); // the last step is always drawn
        String frames = bytes.toString(StandardCharsets.UTF_8);
        assertThat(frames).contains("[epoch 000] 1/10 [==>").contains("loss 150.0000");
        assertThat(frames).doesNotContain(" 2/10 ");
        assertThat(frames).contains(" 3/10 [======>").contains("loss 130.0000");
        assertThat(frames).contains(" 10/10 [====================]");
        assertThat(frames.split("\r", -1)).hasSize(4);
    }
}
