package org.hequant.datasets;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Every file access of this module goes through Hadoop's {@link FileSystem}, so that a dataset on
 * {@code hdfs:} or {@code s3a:} reads like a local one. A path without a scheme is a local file, even
 * where the configuration's default file system is HDFS: that is what a user typing a path means.
 */
final class HadoopFiles {
    private final Configuration conf;

    HadoopFiles(Configuration conf) {
        this.conf = conf;
    }

    Path resolve(String location) {
        Path path = new Path(location);
        if (path.toUri().getScheme() != null) {
            return path;
        }
        try {
            return FileSystem.getLocal(conf).makeQualified(path);
        } catch (IOException e) {
            throw new DatasetException("cannot open the local file system for " + location, e);
        }
    }

    FileSystem fileSystem(Path path) {
        try {
            return path.getFileSystem(conf);
        } catch (IOException e) {
            throw new DatasetException("cannot open the file system of " + path, e);
        }
    }

    /** The status of {@code path}, or null if nothing is there. */
    FileStatus statusOrNull(Path path) {
        try {
            return fileSystem(path).getFileStatus(path);
        } catch (FileNotFoundException e) {
            return null;
        } catch (IOException e) {
            throw new DatasetException("cannot read the status of " + path, e);
        }
    }

    boolean isDirectory(Path path) {
        FileStatus status = statusOrNull(path);
        if (status == null) {
            throw new DatasetException("no such file or directory: " + path);
        }
        return status.isDirectory();
    }

    Path requireFile(Path path) {
        FileStatus status = statusOrNull(path);
        if (status == null || status.isDirectory()) {
            throw new DatasetException((status == null ? "no such file: " : "a directory, not a file: ") + path);
        }
        return path;
    }

    Path requireDirectory(Path path) {
        if (!isDirectory(path)) {
            throw new DatasetException("a file, not a directory: " + path);
        }
        return path;
    }

    /** The first of {@code names} that exists as a file in {@code dir}. */
    Path firstExisting(Path dir, String... names) {
        for (String name : names) {
            Path candidate = new Path(dir, name);
            FileStatus status = statusOrNull(candidate);
            if (status != null && status.isFile()) {
                return candidate;
            }
        }
        throw new DatasetException("none of " + String.join(", ", names) + " in " + dir);
    }

    /**
     * The entries of {@code dir} sorted by name, without hidden ones (names starting with '.' or '_',
     * Hadoop's convention for checksums and job markers).
     */
    List<FileStatus> list(Path dir) {
        FileStatus[] entries;
        try {
            entries = fileSystem(dir).listStatus(dir);
        } catch (FileNotFoundException e) {
            throw new DatasetException("no such directory: " + dir, e);
        } catch (IOException e) {
            throw new DatasetException("cannot list " + dir, e);
        }
        List<FileStatus> visible = new ArrayList<>();
        for (FileStatus entry : entries) {
            String name = entry.getPath().getName();
            if (!name.startsWith(".") && !name.startsWith("_")) {
                visible.add(entry);
            }
        }
        visible.sort(Comparator.comparing(entry -> entry.getPath().getName()));
        return visible;
    }
}
