package org.ppl4j.spark.vae;

/**
 * Where {@code train --spark} runs.
 *
 * @param master the Spark master URL, e.g. {@code spark://host:7077} or {@code local[4]}
 * @param partitions the number of partitions of the training images (0: Spark's default
 *     parallelism)
 */
public record SparkTarget(String master, int partitions) {}
