package org.ppl4j.vae.cli;

import picocli.CommandLine.Option;

/** How many digits a grid shows and how they are laid out. */
final class GridOptions {
    /** The most digits one image shows: 10,000 at --scale 32 is still a PNG a viewer opens. */
    static final int MAX_COUNT = 10_000;

    @Option(
            names = "--count",
            paramLabel = "N",
            defaultValue = "64",
            description = "Number of digits (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(
            names = "--columns",
            paramLabel = "N",
            defaultValue = "8",
            description = "Digits (or digit pairs) per row (default: ${DEFAULT-VALUE}).")
    int columns;

    @Option(
            names = "--scale",
            paramLabel = "N",
            defaultValue = "2",
            description = "Enlarge each pixel N times (default: ${DEFAULT-VALUE}).")
    int scale;

    void check(OptionChecks c) {
        c.atLeast("--count", count, 1);
        if (count > MAX_COUNT) {
            c.add(
                    "--count must be at most "
                            + MAX_COUNT
                            + " (digits in one image, and one batch through the model), got "
                            + count);
        }
        if (columns > MAX_COUNT) {
            c.add("--columns must be at most " + MAX_COUNT + ", got " + columns);
        }
        c.atLeast("--columns", columns, 1);
        c.atLeast("--scale", scale, 1);
        if (scale > 32) {
            c.add("--scale must be at most 32, got " + scale);
        }
    }
}
