package org.ppl4j.distributions;

import org.ppl4j.core.PplException;

/**
 * A distribution's parameter or value lies outside its allowed region (thrown only while validation
 * is on; see {@link Distribution#withValidation}).
 *
 * <p>The message names the distribution, the argument, how many entries are bad out of how many,
 * and the fix. The argument and counts are fields, so the effect-handler layer can re-throw with
 * the sample site named:
 *
 * <pre>{@code
 * try { ... } catch (ValidationException e) { throw e.atSite("latent"); }
 * // site 'latent': Normal argument 'scale' has 3 of 50 entries <= 0 or NaN; pass ...
 * }</pre>
 */
public class ValidationException extends PplException {
    /** The distribution's kind, e.g. {@code Normal}. */
    private final String distribution;

    /** The argument at fault, e.g. {@code scale} or {@code value}. */
    private final String argument;

    /** How many entries are bad. */
    private final long badCount;

    /** How many entries were checked. */
    private final long total;

    /** What is wrong with the bad entries, e.g. {@code <= 0 or NaN}. */
    private final String problem;

    /** How to fix it. */
    private final String fix;

    /** The sample site, or null before the handler layer names it. */
    private final String site;

    /**
     * Creates the exception.
     *
     * @param distribution the kind, e.g. {@code Normal}
     * @param argument the argument at fault, e.g. {@code scale} or {@code value}
     * @param badCount how many entries are bad
     * @param total how many entries were checked
     * @param problem what is wrong with the bad entries, e.g. {@code <= 0 or NaN}
     * @param fix how to fix it
     */
    public ValidationException(
            String distribution,
            String argument,
            long badCount,
            long total,
            String problem,
            String fix) {
        this(distribution, argument, badCount, total, problem, fix, null);
    }

    private ValidationException(
            String distribution,
            String argument,
            long badCount,
            long total,
            String problem,
            String fix,
            String site) {
        super(message(distribution, argument, badCount, total, problem, fix, site));
        this.distribution = distribution;
        this.argument = argument;
        this.badCount = badCount;
        this.total = total;
        this.problem = problem;
        this.fix = fix;
        this.site = site;
    }

    private static String message(
            String distribution,
            String argument,
            long badCount,
            long total,
            String problem,
            String fix,
            String site) {
        String prefix = site == null ? "" : "site '" + site + "': ";
        return prefix
                + distribution
                + " argument '"
                + argument
                + "' has "
                + badCount
                + " of "
                + total
                + " entries "
                + problem
                + "; "
                + fix;
    }

    /** A copy whose message starts with {@code site 'name': }. */
    public ValidationException atSite(String siteName) {
        ValidationException e =
                new ValidationException(
                        distribution, argument, badCount, total, problem, fix, siteName);
        e.setStackTrace(getStackTrace());
        return e;
    }

    /** The distribution kind, e.g. {@code Normal}. */
    public String distribution() {
        return distribution;
    }

    /** The argument at fault, e.g. {@code scale} or {@code value}. */
    public String argument() {
        return argument;
    }

    /** How many entries are bad. */
    public long badCount() {
        return badCount;
    }

    /** How many entries were checked. */
    public long total() {
        return total;
    }

    /** The sample site named by {@link #atSite}, or null if none was. */
    public String site() {
        return site;
    }
}
