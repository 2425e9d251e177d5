package io.zdbc.api;

/** A column view, snapshot or database was used after it was closed. */
public class ViewClosedException extends ZdbcException {
    private static final long serialVersionUID = 1L;

    public ViewClosedException(String what) {
        super(what + " is closed");
    }
}
