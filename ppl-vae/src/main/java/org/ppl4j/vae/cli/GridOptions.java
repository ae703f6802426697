package org.ppl4j.vae.cli;

import picocli.CommandLine.Option;

/** How many digits a grid shows and how they are laid out. */
final class GridOptions {
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
        c.atLeast("--columns", columns, 1);
        c.atLeast("--scale", scale, 1);
        if (scale > 32) {
            c.add("--scale must be at most 32, got " + scale);
        }
    }
}
