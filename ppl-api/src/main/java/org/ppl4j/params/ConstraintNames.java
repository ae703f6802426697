package org.ppl4j.params;

import org.ppl4j.distributions.Constraint;
import org.ppl4j.distributions.Constraints;

/**
 * Rebuilds a constraint from the name a saved file records for it ({@link Constraint#name()}), so
 * that a file can be loaded into an empty store.
 */
final class ConstraintNames {
    private ConstraintNames() {}

    /** The constraint called {@code name}, or null when the name does not determine one. */
    static Constraint parse(String name) {
        Constraint c = build(name.trim());
        return c != null && c.name().equals(name) ? c : null;
    }

    private static Constraint build(String s) {
        switch (s) {
            case "real":
                return Constraints.real();
            case "positive":
                return Constraints.positive();
            case "nonnegative":
                return Constraints.nonnegative();
            case "unitInterval":
                return Constraints.unitInterval();
            case "simplex":
                return Constraints.simplex();
            case "lowerCholesky":
                return Constraints.lowerCholesky();
            case "positiveDefinite":
                return Constraints.positiveDefinite();
            default:
                break;
        }
        String[] args;
        try {
            if ((args = args(s, "greaterThan(")) != null && args.length == 1) {
                return Constraints.greaterThan(Double.parseDouble(args[0]));
            }
            if ((args = args(s, "interval(")) != null && args.length == 2) {
                return Constraints.interval(
                        Double.parseDouble(args[0]), Double.parseDouble(args[1]));
            }
            if (s.startsWith("independent(") && s.endsWith(")")) {
                int comma = s.lastIndexOf(',');
                Constraint base = build(s.substring("independent(".length(), comma).trim());
                int n = Integer.parseInt(s.substring(comma + 1, s.length() - 1).trim());
                return base == null ? null : Constraints.independent(base, n);
            }
        } catch (RuntimeException notANumber) {
            return null;
        }
        return null;
    }

    private static String[] args(String s, String prefix) {
        if (!s.startsWith(prefix) || !s.endsWith(")")) {
            return null;
        }
        String[] parts = s.substring(prefix.length(), s.length() - 1).split(",");
        for (int i = 0; i < parts.length; i++) {
            parts[i] = parts[i].trim();
        }
        return parts;
    }
}
