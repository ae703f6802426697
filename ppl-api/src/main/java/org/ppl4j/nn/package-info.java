/**
 * Neural-network building blocks (PyTorch's {@code torch.nn}): {@link org.ppl4j.nn.Module}s whose
 * parameters live in the param store, {@link org.ppl4j.nn.Linear} with PyTorch's initialisation,
 * activations and {@link org.ppl4j.nn.Sequential}.
 */
package org.ppl4j.nn;
