package org.ppl4j.vae;

import org.ppl4j.vae.cli.AppEnvironment;
import org.ppl4j.vae.cli.VaeCli;

/**
 * The entry point of the MNIST VAE app: {@code java org.ppl4j.vae.VaeApp train --epochs 10}.
 *
 * <p>See {@link VaeCli} for the commands. The {@link VaeSession} implementation comes from {@link
 * VaeSessionModule}.
 */
public final class VaeApp {
    private VaeApp() {}

    /**
     * Runs the command line and exits with its code (0 done, 1 failed, 2 invalid options, 143/130
     * stopped by SIGTERM/SIGINT).
     */
    public static void main(String[] args) {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        System.exit(VaeCli.run(AppEnvironment.system(new VaeSessionModule()), args));
    }
}
