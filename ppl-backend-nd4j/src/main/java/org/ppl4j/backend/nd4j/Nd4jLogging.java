package org.ppl4j.backend.nd4j;

import java.lang.reflect.Method;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps ND4J's startup chatter (build flags, BLAS vendor, core count...) out of the user's log.
 *
 * <p>Only the {@code org.nd4j} logger is touched, and only where the user has not configured it:
 * ND4J's own switch {@code org.nd4j.log.initialization} is turned off unless set, and the level of
 * {@code org.nd4j} becomes WARN for the SLF4J bindings whose levels can be set at run time
 * (slf4j-simple, logback, java.util.logging). No logging configuration file is shipped.
 */
final class Nd4jLogging {
    private static final String ND4J = "org.nd4j";
    private static final String INIT_PROPERTY = "org.nd4j.log.initialization";
    private static final String SIMPLE_PROPERTY = "org.slf4j.simpleLogger.log." + ND4J;

    private Nd4jLogging() {}

    /** Applies the settings; call before ND4J is first used. */
    static void quietStartup() {
        setIfAbsent(INIT_PROPERTY, "false");
        // slf4j-simple reads a logger's level from this property when the logger is created.
        setIfAbsent(SIMPLE_PROPERTY, "warn");
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        String binding = factory.getClass().getName();
        if (binding.startsWith("ch.qos.logback.")) {
            quietLogback(factory.getLogger(ND4J));
        } else if (binding.contains("JDK14")) {
            java.util.logging.Logger jul = JulHolder.LOGGER;
            if (jul.getLevel() == null) {
                jul.setLevel(java.util.logging.Level.WARNING);
            }
        }
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /** Sets a logback logger to WARN if it has no level of its own; reflective, no compile dep. */
    private static void quietLogback(Logger logger) {
        try {
            Class<?> type = logger.getClass();
            if (type.getMethod("getLevel").invoke(logger) != null) {
                return;
            }
            Class<?> level =
                    Class.forName("ch.qos.logback.classic.Level", true, type.getClassLoader());
            Method setLevel = type.getMethod("setLevel", level);
            setLevel.invoke(logger, level.getField("WARN").get(null));
        } catch (ReflectiveOperationException | RuntimeException e) {
            // An unexpected logback version: leave its configuration alone.
        }
    }

    /** java.util.logging keeps loggers weakly; this holds the configured one for the process. */
    private static final class JulHolder {
        static final java.util.logging.Logger LOGGER = java.util.logging.Logger.getLogger(ND4J);
    }
}
