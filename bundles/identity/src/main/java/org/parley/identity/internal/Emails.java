package org.parley.identity.internal;

import java.util.Locale;
import java.util.regex.Pattern;

/** Email addresses as accounts use them: a pragmatic syntax check and one normal form (lower case). */
final class Emails {
    private static final Pattern SHAPE = Pattern.compile(
            "[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+");

    private Emails() {
    }

    static boolean valid(String email) {
        return email != null && email.length() <= 254 && SHAPE.matcher(email).matches();
    }

    static String normalize(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }
}
