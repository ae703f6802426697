package org.ppl4j.backend.tf;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;

/**
 * Puts {@code TF_CPP_MIN_LOG_LEVEL} into the process environment before TensorFlow's native library
 * loads.
 *
 * <p>TensorFlow reads the variable once, at its first log line, and it logs while its library is
 * being loaded; Java cannot change the process environment, so the variable must be set natively
 * and before that load. Nothing TensorFlow ships can do it (any of its JavaCPP classes loads the
 * library first), so this calls libc's {@code putenv(char*)} through JavaCPP's own native
 * deallocator thunk, which calls a {@code void (*)(void*)} at a given address with a given pointer:
 * the same calling convention for one pointer argument, the int result ignored. The string is
 * malloc'd and never freed because {@code putenv} keeps it. If JavaCPP's internals are not
 * reachable (e.g. on the module path) TensorFlow simply keeps its default logging.
 */
final class TfLogLevel {
    private static final String VAR = "TF_CPP_MIN_LOG_LEVEL";

    private TfLogLevel() {}

    /** Sets the level; -1 leaves the environment alone. */
    static void apply(int level) {
        if (level < 0) {
            return;
        }
        try {
            putenv(VAR + "=" + level);
        } catch (ReflectiveOperationException | RuntimeException e) {
            System.getLogger(TfLogLevel.class.getName())
                    .log(System.Logger.Level.DEBUG, "could not set " + VAR, e);
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
