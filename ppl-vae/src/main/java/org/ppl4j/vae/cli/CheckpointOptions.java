package org.ppl4j.vae.cli;

import java.nio.file.Path;
import org.ppl4j.vae.output.Checkpoints;
import picocli.CommandLine.Option;

/** The checkpoint a command loads and the directory its outputs go to. */
final class CheckpointOptions {
    @Option(
            names = "--checkpoint",
            paramLabel = "FILE",
            description =
                    "Checkpoint to load; default: the newest vae-epoch-NNN.safetensors in --out.")
    Path checkpoint;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            defaultValue = "vae-out",
            description = "Run directory: outputs go here (default: ${DEFAULT-VALUE}).")
    Path out;

    /** Checks the checkpoint exists; {@code writesOutput}: also that --out can be written. */
    void check(OptionChecks c, boolean writesOutput) {
        if (checkpoint != null) {
            c.readableFile("--checkpoint", checkpoint);
        } else if (Checkpoints.latest(out).isEmpty()) {
            c.add(
                    "--checkpoint not given and --out "
                            + out
                            + " holds no vae-epoch-NNN.safetensors; pass --checkpoint FILE or"
                            + " train first with 'train --out "
                            + out
                            + "'");
        }
        if (writesOutput) {
            c.writableDirectory("--out", out);
        }
    }

    /** The checkpoint to load (after {@link #check}). */
    Path checkpointFile() {
        return checkpoint != null ? checkpoint : Checkpoints.latest(out).orElseThrow();
    }
}
