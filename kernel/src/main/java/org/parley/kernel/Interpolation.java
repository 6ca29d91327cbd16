package org.parley.kernel;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.UnaryOperator;

/**
 * Resolves {@code ${name}} and {@code ${name:-fallback}} references. References nest ({@code ${a:-${b}}}) and
 * may chain through other values; a cycle or a missing name without fallback is an error that names it,
 * because a half-resolved path or port is worse than a node that refuses to boot.
 */
final class Interpolation {
    private static final int MAX_DEPTH = 32;

    private Interpolation() {
    }

    static String resolve(String value, UnaryOperator<String> lookup) {
        return resolve(value, lookup, new ArrayDeque<>());
    }

    private static String resolve(String value, UnaryOperator<String> lookup, Deque<String> resolving) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < value.length()) {
            int start = value.indexOf("${", i);
            if (start < 0) {
                out.append(value, i, value.length());
                break;
            }
            out.append(value, i, start);
            int end = matchingBrace(value, start + 2);
            if (end < 0) {
                throw new IllegalArgumentException("Unclosed ${ in '" + value + "'");
            }
            String reference = value.substring(start + 2, end);
            String name = reference;
            String fallback = null;
            int separator = reference.indexOf(":-");
            if (separator >= 0) {
                name = reference.substring(0, separator);
                fallback = reference.substring(separator + 2);
            }
            if (resolving.contains(name) || resolving.size() > MAX_DEPTH) {
                throw new IllegalArgumentException("Circular reference to ${" + name + "}");
            }
            String found = lookup.apply(name);
            if (found == null || (fallback != null && found.isEmpty())) {
                if (fallback == null) {
                    throw new IllegalArgumentException("Nothing is set for ${" + name + "}");
                }
                found = fallback;
            }
            resolving.push(name);
            out.append(resolve(found, lookup, resolving));
            resolving.pop();
            i = end + 1;
        }
        return out.toString();
    }

    private static int matchingBrace(String value, int from) {
        int depth = 1;
        for (int i = from; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '{' && i > 0 && value.charAt(i - 1) == '$') {
                depth++;
            } else if (c == '}') {
                depth--;
                if (depth == 0) {
                    return i;
                }
            }
        }
        return -1;
    }
}
