package io.quoterelay.sender;

/** A sender setting is missing or invalid; {@link #setting()} names it and the message says what is wrong. */
public final class SenderConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String setting;

    public SenderConfigException(String setting, String message) {
        super(setting + ": " + message);
        this.setting = setting;
    }

    public String setting() {
        return setting;
    }
}
