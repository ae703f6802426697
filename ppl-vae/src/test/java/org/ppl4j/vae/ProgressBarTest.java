package org.ppl4j.vae;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The progress bar draws intermediate frames, at most one per tenth of a second, with the rate and
 * the time left measured on an injected clock.
 */
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

    @Test
    void eachFrameShowsTheRateSoFarAndTheTimeLeftAtThatRate() {
        AtomicLong now = new AtomicLong(0);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        ProgressBar bar = new ProgressBar(out, "[epoch 001]", 100, now::get);
        now.set(2_000_000_000L);
        bar.update(4, 110.0); // 4 steps in 2 s: 2 steps/s, 96 left
        now.set(10_000_000_000L);
        bar.update(50, 105.0); // 50 in 10 s: 5 steps/s, 50 left
        String[] frames = bytes.toString(StandardCharsets.UTF_8).split("\r");
        assertThat(frames[1])
                .startsWith("[epoch 001] 4/100 [>")
                .contains("    2.0 steps/s  ETA 00:48  loss 110.0000");
        assertThat(frames[2])
                .startsWith("[epoch 001] 50/100 [==========>")
                .contains("    5.0 steps/s  ETA 00:10  loss 105.0000");
    }

    @Test
    void clearErasesTheLongestFrameAndReturnsToTheMargin() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        ProgressBar bar = new ProgressBar(out, "[epoch 000]", 10, () -> 0L);
        bar.update(10, 1.0);
        int drawn = bytes.toString(StandardCharsets.UTF_8).length() - 1;
        bar.clear();
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .endsWith("\r" + " ".repeat(drawn) + "\r");
    }
}
