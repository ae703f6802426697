/**
 * The param store (Pyro's {@code pyro.get_param_store()}): named parameters, constrained ones kept
 * as unconstrained values, saved and loaded with their constraints.
 */
package org.ppl4j.params;
