/**
 * A small JSON reader for safetensors headers and the PyTorch fixtures. Not part of the API: the
 * package is exported only to ppl4j's own modules, and may change in any release.
 */
package org.ppl4j.internal.json;
