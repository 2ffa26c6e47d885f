package org.hequant.datasets;

/**
 * A dataset file's content is malformed: bad magic, truncated record, wrong dimensions, a label out of
 * range, an undecodable image. The message names the file and the position (a byte offset, a record
 * index or a line), so the bad spot can be inspected directly.
 */
public class DatasetFormatException extends DatasetException {
    private final String file;
    private final String position;

    public DatasetFormatException(String file, String position, String problem) {
        super(file + " (" + position + "): " + problem);
        this.file = file;
        this.position = position;
    }

    public DatasetFormatException(String file, String position, String problem, Throwable cause) {
        super(file + " (" + position + "): " + problem, cause);
        this.file = file;
        this.position = position;
    }

    static DatasetFormatException atOffset(String file, long offset, String problem) {
        return new DatasetFormatException(file, "byte offset " + offset, problem);
    }

    /** The file holding the malformed data. */
    public String file() {
        return file;
    }

    /** Where in the file: "byte offset N", "line N", ... */
    public String position() {
        return position;
    }
}
