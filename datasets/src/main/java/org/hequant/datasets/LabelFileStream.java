package org.hequant.datasets;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.fs.Path;

/**
 * ImageNet's validation layout: a flat folder of images and a text file of "filename label" lines
 * (whitespace separated, label an integer in [0, classes); blank lines ignored). Images are read in the
 * order of the label file, which is read a line at a time. A file name names a file in the folder: one
 * with a path separator, "." or ".." is refused, so that a label file cannot reach outside the folder.
 */
final class LabelFileStream extends ImageFolderStream {
    private final Path folder;
    private final Path labelFile;
    private final BufferedReader lines;
    private long lineNumber;

    private LabelFileStream(HadoopFiles files, Path folder, Path labelFile, BufferedReader lines,
            ResizeCrop resizeCrop, int classes) {
        super(files, resizeCrop, classes);
        this.folder = folder;
        this.labelFile = labelFile;
        this.lines = lines;
    }

    static LabelFileStream open(HadoopFiles files, Path folder, Path labelFile, ResizeCrop resizeCrop, int classes) {
        files.requireDirectory(folder);
        files.requireFile(labelFile);
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(
                    files.fileSystem(labelFile).open(labelFile), StandardCharsets.UTF_8));
            return new LabelFileStream(files, folder, labelFile, lines, resizeCrop, classes);
        } catch (IOException e) {
            throw new DatasetException("cannot open " + labelFile, e);
        }
    }

    @Override
    Entry nextEntry() {
        String line;
        do {
            try {
                line = lines.readLine();
            } catch (IOException e) {
                throw new DatasetException("reading " + labelFile + " failed after line " + lineNumber, e);
            }
            if (line == null) {
                return null;
            }
            lineNumber++;
        } while (line.isBlank());
        String[] fields = line.trim().split("\\s+");
        if (fields.length != 2) {
            throw error("expected 'filename label', got '" + line + "'");
        }
        int label;
        try {
            label = Integer.parseInt(fields[1]);
        } catch (NumberFormatException e) {
            throw error("label '" + fields[1] + "' is not an integer");
        }
        if (label < 0 || label >= classes()) {
            throw error("label " + label + " out of range [0, " + classes() + ")");
        }
        String name = fields[0];
        if (name.contains("/") || name.contains("\\") || name.equals(".") || name.equals("..")) {
            throw error("file name '" + name + "' is not a plain file name in " + folder + " (no '/', '\\', '.' or '..')");
        }
        try {
            return new Entry(new Path(folder, name), label);
        } catch (IllegalArgumentException e) {
            throw error("file name '" + name + "' is not a usable file name: " + e.getMessage());
        }
    }

    @Override
    String source() {
        return folder + " with labels " + labelFile + " (no image lines)";
    }

    private DatasetFormatException error(String problem) {
        return new DatasetFormatException(labelFile.toString(), "line " + lineNumber, problem);
    }

    @Override
    public void close() {
        try {
            lines.close();
        } catch (IOException e) {
            throw new DatasetException("closing " + labelFile + " failed", e);
        }
    }
}
