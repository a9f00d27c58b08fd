package dev.asiscope.scenario.importer;

/**
 * An input could not be imported. Carries the position of the problem so that tools can print the
 * conventional one-line diagnostic {@code file:line:col: message} ({@link #getMessage()}).
 *
 * <p>Line and column are 1-based; 0 means "not applicable" (for example an unreadable file).
 */
public class ImportException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final int column;
    private final String detail;

    /**
     * @param file   the input's name as given by the caller (path or a label such as {@code <stdin>})
     * @param line   1-based line number, or 0
     * @param column 1-based column, or 0
     * @param detail what went wrong, one line, without the position
     */
    public ImportException(String file, int line, int column, String detail) {
        this(file, line, column, detail, null);
    }

    /** Same as {@link #ImportException(String, int, int, String)} with a cause. */
    public ImportException(String file, int line, int column, String detail, Throwable cause) {
        super(format(file, line, column, detail), cause);
        this.file = file;
        this.line = line;
        this.column = column;
        this.detail = detail;
    }

    private static String format(String file, int line, int column, String detail) {
        return (file == null ? "<input>" : file) + ":" + line + ":" + column + ": " + oneLine(detail);
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replace('\n', ' ').replace('\r', ' ');
    }

    /** The input's name. */
    public String file() {
        return file;
    }

    /** 1-based line of the problem, or 0. */
    public int line() {
        return line;
    }

    /** 1-based column of the problem, or 0. */
    public int column() {
        return column;
    }

    /** The message without the {@code file:line:col: } position prefix. */
    public String detail() {
        return detail;
    }
}
