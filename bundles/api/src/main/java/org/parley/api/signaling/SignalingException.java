package org.parley.api.signaling;

/** A refusal that reaches the client as an {@code error} message with a stable {@code code}. */
public class SignalingException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String code;

    public SignalingException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
