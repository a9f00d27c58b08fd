package dev.asiscope.scenario;

/**
 * A problem with an input file that the user must fix: names the file, the 1-based line and column
 * (0 when unknown), the JSON path or field, and says what was expected. {@link #getMessage()} is the
 * complete one-line message, {@code file:line:column: path: message}.
 */
public final class ScenarioException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String file;
    private final int line;
    private final int column;
    private final String path;
    private final String detail;

    public ScenarioException(String file, int line, int column, String path, String detail) {
        super(format(file, line, column, path, detail));
        this.file = file;
        this.line = line;
        this.column = column;
        this.path = path;
        this.detail = detail;
    }

    private static String format(String file, int line, int column, String path, String detail) {
        StringBuilder sb = new StringBuilder(file == null ? "<input>" : file);
        if (line > 0) {
            sb.append(':').append(line);
            if (column > 0) {
                sb.append(':').append(column);
            }
        }
        sb.append(": ");
        if (path != null && !path.isEmpty()) {
            sb.append(path).append(": ");
        }
        return sb.append(detail).toString();
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    /** The JSON path ({@code $.cpus[0].cr3}) or field name, or null. */
    public String path() {
        return path;
    }

    /** The message without the location prefix. */
    public String detail() {
        return detail;
    }
}
