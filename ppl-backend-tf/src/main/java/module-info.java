/**
 * The TensorFlow Java backend of ppl4j (CPU, and GPU with the GPU native jar): eager ops and the
 * compiled SVI step as one TF function. Users never name its types: it is found as a {@code
 * BackendProvider} service and selected with {@code -Dppl.backend=tf}.
 */
module org.ppl4j.backend.tf {
    requires org.ppl4j.api;
    requires tensorflow.nativelib;
    requires org.bytedeco.javacpp;
    requires com.google.protobuf;

    provides org.ppl4j.spi.BackendProvider with
            org.ppl4j.backend.tf.TfBackendProvider;
}
