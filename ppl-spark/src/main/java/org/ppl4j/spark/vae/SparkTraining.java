package org.ppl4j.spark.vae;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import org.ppl4j.core.PplException;
import org.ppl4j.vae.DistributedTraining;
import org.ppl4j.vae.VaeSession;

/**
 * The VAE app's {@code train --spark}, registered for {@link java.util.ServiceLoader}: binds the
 * session to {@link SparkVaeSession}.
 */
public final class SparkTraining implements DistributedTraining {
    @Override
    public Module sessionModule(String master, int partitions) {
        try {
            Class.forName("org.apache.spark.SparkContext", false, getClass().getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new PplException(
                    "--spark: the ppl-spark jar is on the class path but Spark is not; add"
                            + " org.apache.spark:spark-core_2.13 (4.2.0) and its dependencies");
        }
        return new AbstractModule() {
            @Override
            protected void configure() {
                bind(SparkTarget.class).toInstance(new SparkTarget(master, partitions));
                bind(VaeSession.class).to(SparkVaeSession.class);
            }
        };
    }
}
