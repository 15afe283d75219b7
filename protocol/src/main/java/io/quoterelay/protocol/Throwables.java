package io.quoterelay.protocol;

/** Describing failures in one line, for close reasons and log lines. */
public final class Throwables {
    private Throwables() {
    }

    /**
     * The innermost cause as "SimpleClassName: message" (the class name alone when it has no
     * message): the root says what went wrong, the wrappers around it mostly where.
     */
    public static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
