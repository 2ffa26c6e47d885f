package org.hequant.datasets;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

/**
 * The class-per-folder layout of ImageNet's training set (and of torchvision's {@code ImageFolder}):
 * every subfolder of the root is a class, labelled by its rank among the folder names sorted as strings;
 * the images of a class are read in file-name order. A class folder is listed only when the stream
 * reaches it, so memory holds one class's file names at a time. Files that are not .jpg, .jpeg or .png
 * are skipped.
 */
final class ClassFolderStream extends ImageFolderStream {
    private final HadoopFiles files;
    private final Path root;
    private final List<Path> classFolders;
    private final Deque<Path> pending = new ArrayDeque<>();
    private int nextClass;

    private ClassFolderStream(HadoopFiles files, ResizeCrop resizeCrop, Path root, List<Path> classFolders) {
        super(files, resizeCrop, classFolders.size());
        this.files = files;
        this.root = root;
        this.classFolders = classFolders;
    }

    static ClassFolderStream open(HadoopFiles files, Path root, ResizeCrop resizeCrop) {
        List<Path> folders = new ArrayList<>();
        for (FileStatus entry : files.list(files.requireDirectory(root))) {
            if (entry.isDirectory()) {
                folders.add(entry.getPath());
            }
        }
        if (folders.isEmpty()) {
            throw new DatasetException("no class folders in " + root
                    + " (for a flat folder of images, give labels=FILE)");
        }
        return new ClassFolderStream(files, resizeCrop, root, folders);
    }

    @Override
    Entry nextEntry() {
        while (pending.isEmpty()) {
            if (nextClass >= classFolders.size()) {
                return null;
            }
            for (FileStatus entry : files.list(classFolders.get(nextClass))) {
                if (entry.isFile() && isImageName(entry.getPath().getName())) {
                    pending.add(entry.getPath());
                }
            }
            nextClass++;
        }
        return new Entry(pending.poll(), nextClass - 1);
    }

    @Override
    String source() {
        return root + " (" + classFolders.size() + " class folders, no .jpg, .jpeg or .png file in any)";
    }

    @Override
    public void close() {
        pending.clear();
        nextClass = classFolders.size();
    }
}
