package dev.asiscope.ui.workspace;

/**
 * A workspace file that cannot be used: names the file, the line and column (0 when unknown), the JSON
 * path, and what was expected. {@link #getMessage()} is one line: {@code file:line:column: path: detail}.
 */
public final class WorkspaceException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String detail;

    public WorkspaceException(String file, int line, int column, String path, String detail) {
        super(format(file, line, column, path, detail));
        this.detail = detail;
    }

    private static String format(String file, int line, int column, String path, String detail) {
        StringBuilder sb = new StringBuilder(file == null ? "<workspace>" : file);
        if (line > 0) {
            sb.append(':').append(line);
            if (column > 0) {
                sb.append(':').append(column);
            }
        }
        sb.append(": ");
        if (path != null && !path.isEmpty() && !path.equals("$")) {
            sb.append(path).append(": ");
        }
        return sb.append(detail).toString();
    }

    /** The message without the location. */
    public String detail() {
        return detail;
    }
}
