package io.quoterelay.certs;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;

/**
 * Refusal to replace an existing key or certificate file. Overwriting a CA key silently would
 * invalidate every certificate it signed, so replacing needs an explicit force flag.
 */
public class KeyFileExistsException extends FileAlreadyExistsException {
    private final Path path;

    public KeyFileExistsException(Path path) {
        super(path.toString(), null, "refusing to overwrite existing " + path
            + "; pass --force to replace it, or choose another --out directory");
        this.path = path;
    }

    public Path path() {
        return path;
    }

    @Override
    public String getMessage() {
        return getReason();
    }
}
