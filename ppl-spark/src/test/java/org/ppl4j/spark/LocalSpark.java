package org.ppl4j.spark;

import org.apache.spark.SparkConf;

/** The Spark settings of the tests: on loopback, without the web UI. */
final class LocalSpark {
    private LocalSpark() {}

    static SparkConf conf(String master) {
        return new SparkConf()
                .setMaster(master)
                .setAppName("ppl-spark-test")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.ui.enabled", "false")
                .set("spark.ui.showConsoleProgress", "false");
    }
}
