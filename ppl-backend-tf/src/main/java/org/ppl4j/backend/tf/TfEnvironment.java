package org.ppl4j.backend.tf;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;

/**
 * Puts the variables TensorFlow reads once, from the process environment, into it before
 * TensorFlow's native library loads: {@code TF_CPP_MIN_LOG_LEVEL} (its C++ logging) and {@code
 * TF_ENABLE_ONEDNN_OPTS} (its oneDNN kernels, off in TF Java's CPU build unless the environment
 * turns them on).
 *
 * <p>TensorFlow reads the log level at its first log line, and it logs while its library is being
 * loaded; Java cannot change the process environment, so each variable must be set natively and
 * before that load. Nothing TensorFlow ships can do it (any of its JavaCPP classes loads the
 * library first), so this calls libc's {@code putenv(char*)} through JavaCPP's own native
 * deallocator thunk, which calls a {@code void (*)(void*)} at a given address with a given pointer:
 * the same calling convention for one pointer argument, the int result ignored. The string is
 * malloc'd and never freed because {@code putenv} keeps it. If JavaCPP's internals are not
 * reachable (e.g. on the module path) TensorFlow simply keeps its defaults. Once TensorFlow has
 * loaded in a JVM, later settings no longer change what it does.
 */
final class TfEnvironment {
    static final String LOG_LEVEL = "TF_CPP_MIN_LOG_LEVEL";
    static final String ONEDNN = "TF_ENABLE_ONEDNN_OPTS";

    private TfEnvironment() {}

    /** Sets the variables {@code s} asks for, before TensorFlow loads. */
    static void apply(TfSettings s) {
        if (s.logLevel() >= 0) {
            set(LOG_LEVEL, Integer.toString(s.logLevel()));
        }
        if (s.oneDnn() != null) {
            set(ONEDNN, s.oneDnn() ? "1" : "0");
        }
    }

    private static void set(String var, String value) {
        try {
            putenv(var + "=" + value);
        } catch (ReflectiveOperationException | RuntimeException e) {
            System.getLogger(TfEnvironment.class.getName())
                    .log(System.Logger.Level.DEBUG, "could not set " + var, e);
        }
    }

    private static void putenv(String entry) throws ReflectiveOperationException {
        Pointer putenv = Loader.addressof("putenv");
        if (putenv == null || putenv.isNull()) {
            return;
        }
        byte[] bytes = (entry + '\0').getBytes(StandardCharsets.UTF_8);
        Pointer mem = Pointer.malloc(bytes.length);
        new BytePointer(mem).capacity(bytes.length).put(bytes);
        Method init =
                Pointer.class.getDeclaredMethod(
                        "init", long.class, long.class, long.class, long.class);
        init.setAccessible(true);
        Pointer call = new Pointer() {};
        init.invoke(call, mem.address(), 0L, mem.address(), putenv.address());
        call.deallocate();
    }
}
