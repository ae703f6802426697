/**
 * Files ppl4j reads and writes: safetensors ({@link org.ppl4j.io.SafeTensors}, used for checkpoints
 * and the PyTorch fixtures) and the host-side arrays they hold ({@link org.ppl4j.io.HostArray}). A
 * damaged file fails with a message naming the file and what is wrong.
 */
package org.ppl4j.io;
