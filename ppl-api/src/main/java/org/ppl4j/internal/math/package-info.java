/**
 * Special functions on host doubles (log-gamma, digamma, polygamma, erf, the normal quantile, the
 * standard gamma's reparameterization gradient): the float64 definitions of the special primitives,
 * which the reference backend evaluates and the ND4J backend's host loops use. Not part of the API:
 * exported only to ppl4j's own modules, and may change in any release.
 */
package org.ppl4j.internal.math;
