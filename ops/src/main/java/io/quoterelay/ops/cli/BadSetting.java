package io.quoterelay.ops.cli;

/**
 * A setting is missing or wrong: start-up stops with "error: " and this message, which names the
 * variable and the flag ("RECEIVER_HOST (--receiver-host) is not set"), and exit code
 * {@value ServiceCommand#BAD_SETTING}.
 */
public final class BadSetting extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BadSetting(String message) {
        super(message, null, false, false);
    }
}
