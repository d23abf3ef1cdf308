package dev.switchboard.config;

/** A setting's value cannot be used; deployment must fail, naming the setting and its source. */
public class InvalidSettingException extends RuntimeException {

    public InvalidSettingException(String name, SettingSource.RawSetting raw, String expected) {
        super("Invalid value '" + raw.value() + "' for setting " + name + " (from " + raw.origin()
                + "): expected " + expected);
    }
}
