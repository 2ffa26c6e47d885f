package org.hequant.datasets;

import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Opens a dataset from a location string {@code KIND:TARGET[?key=value&key=value...]}. The kind is
 * explicit rather than guessed from file names, so a wrong path fails loudly instead of being read as
 * the wrong format.
 *
 * <table>
 * <caption>Dataset locations</caption>
 * <tr><th>location</th><th>reads</th></tr>
 * <tr><td>{@code cifar10:PATH}</td><td>CIFAR-10 binary (records of 1 label byte + 3072 pixel bytes).
 * PATH is one {@code .bin} file, or a directory: then {@code test_batch.bin}, or with
 * {@code split=train} {@code data_batch_1.bin} to {@code data_batch_5.bin} in order.</td></tr>
 * <tr><td>{@code cifar100:PATH}</td><td>CIFAR-100 binary (coarse label byte, fine label byte, 3072
 * pixel bytes; the fine label, 100 classes, is the one reported). A directory gives {@code test.bin},
 * or {@code train.bin} with {@code split=train}.</td></tr>
 * <tr><td>{@code idx:IMAGES,LABELS}<br>{@code idx:DIR}</td><td>MNIST / Fashion-MNIST IDX files, gzipped
 * or not (told by the gzip magic, not the name), 10 classes. A directory gives
 * {@code t10k-images-idx3-ubyte[.gz]} and {@code t10k-labels-idx1-ubyte[.gz]}, or the {@code train-}
 * files with {@code split=train}; the uncompressed file wins when both exist.</td></tr>
 * <tr><td>{@code imagenet:DIR}</td><td>JPEG / PNG images in one folder per class, labels given by the
 * folder names' sorted order. With {@code labels=FILE}: a flat folder of images and a text file of
 * "filename label" lines (ImageNet's validation layout), {@code classes=N} classes (default 1000).
 * Every image is resized so that its shorter side is {@code round(size / 0.875)} and center-cropped to
 * {@code size} x {@code size} ({@code size=224} by default), bilinear.</td></tr>
 * <tr><td>{@code synthetic:NAME:N}</td><td>N deterministic pseudo-random images shaped like NAME:
 * {@code cifar10} and {@code cifar100} (3 x 32 x 32, 10 / 100 classes), {@code imagenet}
 * (3 x 224 x 224, 1000 classes; {@code ?size=S} makes them S x S), {@code tinyimagenet} (3 x 64 x 64, 200 classes), {@code mnist}
 * (1 x 28 x 28, 10 classes). Image i depends only on NAME
 * and i.</td></tr>
 * </table>
 *
 * <p>Options: {@code limit=N} (every kind) stops after the first N images; {@code split=test|train}
 * (cifar10, cifar100 and idx with a directory; default test); {@code size=S}, {@code labels=FILE},
 * {@code classes=N} (imagenet). An unknown option is an error, not ignored.
 *
 * <p>A file-based dataset that turns out to hold no images (an empty CIFAR file, an IDX header of 0
 * images, class folders without images, a label file of blank lines) is an error when the stream reaches
 * its end, rather than a run over 0 images; an image file whose header announces more than 2^26 pixels is
 * refused before decoding.
 *
 * <p>Every path goes through Hadoop's {@code FileSystem}, so {@code file:}, {@code hdfs:} and
 * {@code s3a:} URIs all work; a path without a scheme is a local file, whatever the configuration's
 * default file system. Files are streamed one record or one image at a time.
 */
public final class DatasetSources {
    private static final String[] CIFAR10_TRAIN = {"data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin",
        "data_batch_4.bin", "data_batch_5.bin"};
    private static final int IMAGENET_SIZE = 224;
    private static final int IMAGENET_CLASSES = 1000;

    private DatasetSources() {
    }

    /** Opens {@code location} with a default Hadoop configuration. */
    public static ImageStream open(String location) {
        return open(location, new Configuration());
    }

    /** Opens {@code location}, reaching its files with {@code conf} (credentials, default file system). */
    public static ImageStream open(String location, Configuration conf) {
        DatasetLocation parsed = DatasetLocation.parse(location);
        HadoopFiles files = new HadoopFiles(conf);
        ImageStream stream = switch (parsed.kind()) {
            case "cifar10" -> cifar(parsed, files, CifarStream.Variant.CIFAR10);
            case "cifar100" -> cifar(parsed, files, CifarStream.Variant.CIFAR100);
            case "idx" -> idx(parsed, files);
            case "imagenet" -> imagenet(parsed, files);
            case "synthetic" -> synthetic(parsed);
            default -> throw new IllegalArgumentException("dataset location '" + location + "': unknown kind '"
                    + parsed.kind() + "' (expected cifar10, cifar100, idx, imagenet or synthetic)");
        };
        return parsed.options().containsKey("limit")
                ? new LimitedImageStream(stream, parsed.intOption("limit", 0))
                : stream;
    }

    private static ImageStream cifar(DatasetLocation location, HadoopFiles files, CifarStream.Variant variant) {
        location.allowOnly("split", "limit");
        Path path = files.resolve(location.target());
        List<Path> paths = new ArrayList<>();
        if (!files.isDirectory(path)) {
            requireNoSplit(location);
            paths.add(path);
        } else if (variant == CifarStream.Variant.CIFAR10) {
            for (String name : location.trainSplit() ? CIFAR10_TRAIN : new String[] {"test_batch.bin"}) {
                paths.add(files.requireFile(new Path(path, name)));
            }
        } else {
            paths.add(files.requireFile(new Path(path, location.trainSplit() ? "train.bin" : "test.bin")));
        }
        return new CifarStream(files, paths, variant);
    }

    private static ImageStream idx(DatasetLocation location, HadoopFiles files) {
        location.allowOnly("split", "limit");
        String[] parts = location.target().split(",", -1);
        if (parts.length == 2) {
            requireNoSplit(location);
            return IdxStream.open(files, files.resolve(parts[0]), files.resolve(parts[1]));
        }
        if (parts.length != 1) {
            throw new IllegalArgumentException("dataset location '" + location.text()
                    + "': idx takes IMAGES,LABELS or one directory");
        }
        Path dir = files.requireDirectory(files.resolve(parts[0]));
        String prefix = location.trainSplit() ? "train" : "t10k";
        return IdxStream.open(files,
                files.firstExisting(dir, prefix + "-images-idx3-ubyte", prefix + "-images-idx3-ubyte.gz"),
                files.firstExisting(dir, prefix + "-labels-idx1-ubyte", prefix + "-labels-idx1-ubyte.gz"));
    }

    private static ImageStream imagenet(DatasetLocation location, HadoopFiles files) {
        location.allowOnly("size", "labels", "classes", "limit");
        ResizeCrop resizeCrop = new ResizeCrop(location.intOption("size", IMAGENET_SIZE));
        Path root = files.resolve(location.target());
        String labels = location.option("labels", null);
        if (labels == null) {
            if (location.options().containsKey("classes")) {
                throw new IllegalArgumentException("dataset location '" + location.text()
                        + "': classes=N applies with labels=FILE; class folders give their own count");
            }
            return ClassFolderStream.open(files, root, resizeCrop);
        }
        int classes = location.intOption("classes", IMAGENET_CLASSES);
        if (classes == 0) {
            throw new IllegalArgumentException("dataset location '" + location.text() + "': classes must be positive");
        }
        return LabelFileStream.open(files, root, files.resolve(labels), resizeCrop, classes);
    }

    private static ImageStream synthetic(DatasetLocation location) {
        location.allowOnly("limit", "size");
        String target = location.target();
        int colon = target.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("dataset location '" + location.text()
                    + "': synthetic takes NAME:N, e.g. synthetic:cifar10:1000");
        }
        long count;
        try {
            count = Long.parseLong(target.substring(colon + 1));
        } catch (NumberFormatException e) {
            count = -1;
        }
        if (count < 0) {
            throw new IllegalArgumentException("dataset location '" + location.text() + "': image count '"
                    + target.substring(colon + 1) + "' is not a non-negative integer");
        }
        SyntheticStream.Shape shape = SyntheticStream.Shape.named(target.substring(0, colon));
        return new SyntheticStream(shape, location.intOption("size", shape.height), count);
    }

    private static void requireNoSplit(DatasetLocation location) {
        if (location.options().containsKey("split")) {
            throw new IllegalArgumentException("dataset location '" + location.text()
                    + "': split applies to a directory; this location names the files");
        }
    }
}
