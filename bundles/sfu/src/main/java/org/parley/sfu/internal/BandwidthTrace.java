package org.parley.sfu.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * A recorded bandwidth-estimation trace of one subscribe transport ({@link BandwidthTraceRecorder} writes it): what
 * the SFU sent with a transport-wide sequence number, the transport-cc feedback and REMBs the subscriber sent back,
 * and the estimate after each. A text format of one event a line, times in microseconds from the trace's start:
 *
 * <pre>
 * # parley-bwe-trace 1          first line: format and version
 * # key value                   metadata (meeting, participant, started-epoch-micros, shape ...), any line
 * S seq sendMicros size         a packet sent: transport-wide sequence number, send time, RTP size in bytes
 * F recvMicros hex              a transport-cc FCI received, its bytes in hex
 * R recvMicros bitsPerSecond    a REMB received
 * E micros bitsPerSecond deliveredBitsPerSecond signal    the estimate after a feedback (signal N, O or U)
 * </pre>
 *
 * {@link #read} takes it plain or gzipped and rejects anything else with a {@link MalformedTraceException} naming
 * the line.
 */
record BandwidthTrace(Map<String, List<String>> metadata, List<Event> events) {
    static final String MAGIC = "# parley-bwe-trace";
    static final int VERSION = 1;
    /** Far above any line the recorder writes (an FCI of a few hundred bytes); a longer one is not a trace. */
    static final int MAX_LINE = 16_384;
    static final int MAX_FCI_BYTES = 4_096;

    /** One line of the trace. */
    sealed interface Event permits Send, Feedback, Remb, Estimate {
        long micros();
    }

    record Send(int sequence, long micros, int size) implements Event {
    }

    record Feedback(long micros, byte[] fci) implements Event {
    }

    record Remb(long micros, long bitrate) implements Event {
    }

    record Estimate(long micros, long bitrate, long delivered, char signal) implements Event {
    }

    /** Input that is not a trace of a version this code reads. */
    static final class MalformedTraceException extends IOException {
        MalformedTraceException(int line, String message) {
            super(line > 0 ? "line " + line + ": " + message : message);
        }
    }

    BandwidthTrace {
        metadata = Collections.unmodifiableMap(metadata);
        events = List.copyOf(events);
    }

    /** All values of a metadata key in order (e.g. {@code shape}), or none. */
    List<String> all(String key) {
        return metadata.getOrDefault(key, List.of());
    }

    /** The first value of a metadata key, or null. */
    String first(String key) {
        List<String> values = all(key);
        return values.isEmpty() ? null : values.get(0);
    }

    /** Reads a trace, plain text or gzipped (told apart by the gzip magic). */
    static BandwidthTrace read(InputStream in) throws IOException {
        PushbackInputStream pushback = new PushbackInputStream(in, 2);
        byte[] magic = pushback.readNBytes(2);
        pushback.unread(magic);
        InputStream text = magic.length == 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b
                ? new GZIPInputStream(pushback) : pushback;
        BufferedReader reader = new BufferedReader(new InputStreamReader(text, StandardCharsets.US_ASCII));
        Map<String, List<String>> metadata = new LinkedHashMap<>();
        List<Event> events = new ArrayList<>();
        int number = 0;
        String line;
        while ((line = readLine(reader, number + 1)) != null) {
            number++;
            if (number == 1) {
                checkVersion(line);
                continue;
            }
            if (line.isEmpty()) {
                continue;
            }
            if (line.charAt(0) == '#') {
                String body = line.substring(1).strip();
                int space = body.indexOf(' ');
                String key = space < 0 ? body : body.substring(0, space);
                String value = space < 0 ? "" : body.substring(space + 1).strip();
                if (!key.isEmpty()) {
                    metadata.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
                }
                continue;
            }
            events.add(event(line, number));
        }
        if (number == 0) {
            throw new MalformedTraceException(0, "empty input, not a bandwidth trace");
        }
        return new BandwidthTrace(metadata, events);
    }

    private static String readLine(BufferedReader reader, int number) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = reader.read()) >= 0) {
            if (c == '\n') {
                return stripCr(line);
            }
            if (line.length() >= MAX_LINE) {
                throw new MalformedTraceException(number, "line longer than " + MAX_LINE + " characters");
            }
            line.append((char) c);
        }
        return line.isEmpty() ? null : stripCr(line);
    }

    private static String stripCr(StringBuilder line) {
        int end = line.length();
        return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
    }

    private static void checkVersion(String line) throws MalformedTraceException {
        if (!line.startsWith(MAGIC + " ")) {
            throw new MalformedTraceException(1, "not a bandwidth trace (expected '" + MAGIC + " " + VERSION + "')");
        }
        String version = line.substring(MAGIC.length() + 1).strip();
        if (!String.valueOf(VERSION).equals(version)) {
            throw new MalformedTraceException(1, "trace format version '" + version + "', this code reads " + VERSION);
        }
    }

    private static Event event(String line, int number) throws MalformedTraceException {
        String[] f = line.split(" ", -1);
        String type = f[0];
        switch (type) {
            case "S" -> {
                fields(f, 4, number, "S seq sendMicros size");
                return new Send((int) number(f[1], 0, 0xffff, "sequence number", number), micros(f[2], number),
                        (int) number(f[3], 1, 0xffff, "size", number));
            }
            case "F" -> {
                fields(f, 3, number, "F recvMicros hex");
                return new Feedback(micros(f[1], number), hex(f[2], number));
            }
            case "R" -> {
                fields(f, 3, number, "R recvMicros bitsPerSecond");
                return new Remb(micros(f[1], number), number(f[2], 0, Long.MAX_VALUE, "bitrate", number));
            }
            case "E" -> {
                fields(f, 5, number, "E micros bitsPerSecond deliveredBitsPerSecond signal");
                if (!f[4].equals("N") && !f[4].equals("O") && !f[4].equals("U")) {
                    throw new MalformedTraceException(number, "signal '" + f[4] + "' is not N, O or U");
                }
                return new Estimate(micros(f[1], number), number(f[2], 0, Long.MAX_VALUE, "bitrate", number),
                        number(f[3], -1, Long.MAX_VALUE, "delivered bitrate", number), f[4].charAt(0));
            }
            default -> throw new MalformedTraceException(number, "unknown record type '" + abbreviate(type) + "'");
        }
    }

    private static void fields(String[] fields, int expected, int number, String form) throws MalformedTraceException {
        if (fields.length != expected) {
            throw new MalformedTraceException(number, "expected '" + form + "' (" + expected + " fields separated by "
                    + "one space), got " + fields.length);
        }
    }

    private static long micros(String text, int number) throws MalformedTraceException {
        return number(text, 0, Long.MAX_VALUE / 1_000, "time", number);
    }

    private static long number(String text, long min, long max, String what, int number) throws MalformedTraceException {
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new MalformedTraceException(number, what + " '" + abbreviate(text) + "' is not a whole number");
        }
        if (value < min || value > max) {
            throw new MalformedTraceException(number, what + " " + value + " is outside " + min + ".." + max);
        }
        return value;
    }

    private static byte[] hex(String text, int number) throws MalformedTraceException {
        if (text.isEmpty() || text.length() % 2 != 0 || text.length() / 2 > MAX_FCI_BYTES) {
            throw new MalformedTraceException(number, "feedback is not an even number (2.." + 2 * MAX_FCI_BYTES
                    + ") of hex digits");
        }
        byte[] bytes = new byte[text.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            int high = Character.digit(text.charAt(2 * i), 16);
            int low = Character.digit(text.charAt(2 * i + 1), 16);
            if (high < 0 || low < 0) {
                throw new MalformedTraceException(number, "feedback has a character that is not a hex digit at "
                        + (2 * i + (high < 0 ? 0 : 1)));
            }
            bytes[i] = (byte) (high << 4 | low);
        }
        return bytes;
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
