package org.parley.kernel;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/** The kernel's own console lines, shaped like the bundles' SLF4J lines so that one log reads as one. */
final class Log {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");

    private Log() {
    }

    static void info(String message) {
        write("INFO", message);
    }

    static void warn(String message) {
        write("WARN", message);
    }

    static void error(String message) {
        write("ERROR", message);
    }

    private static void write(String level, String message) {
        System.out.println(OffsetDateTime.now().format(TIME) + " [kernel] [" + level + "] org.parley.kernel - " + message);
        System.out.flush();
    }
}
