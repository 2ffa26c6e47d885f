package org.hequant.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.hequant.protocols.linear.ConvPlanner;

/**
 * Checks of command-line options that must hold before any work starts, so a bad option fails in a second
 * with a message naming it, not after every image was computed.
 */
final class OptionChecks {
    private static final Pattern MASTER = Pattern.compile(
            "local|local\\[(\\*|[1-9][0-9]*)(,[1-9][0-9]*)?\\]|local-cluster\\[[1-9][0-9]*,[1-9][0-9]*,[1-9][0-9]*\\]"
                    + "|spark://[^\\s/:]+:[0-9]{1,5}(,[^\\s/:]+:[0-9]{1,5})*|yarn|k8s://\\S+");

    /** A report file written by the evaluator marks a folder it may write again without --force. */
    private static final String REPORT_MARKER = "summary.json";

    private OptionChecks() {
    }

    static int atLeast(String option, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(option + " must be >= " + min + ", got " + value);
        }
        return value;
    }

    static String sparkMaster(String master) {
        if (master != null && !MASTER.matcher(master).matches()) {
            throw new IllegalArgumentException("--master '" + master + "' is not a Spark master URL: expected local, "
                    + "local[N], local[*], local[N,RETRIES], local-cluster[W,C,MB], spark://HOST:PORT, yarn or k8s://URL");
        }
        return master;
    }

    /** The tiling rule an option names: cheetah or search. */
    static ConvPlanner.Rule tiling(String value) {
        for (ConvPlanner.Rule r : ConvPlanner.Rule.values()) {
            if (r.name().equalsIgnoreCase(value)) {
                return r;
            }
        }
        throw new IllegalArgumentException("--tiling '" + value + "' is not a tiling rule: expected cheetah or search");
    }

    /** A file the command will create: refused if it exists (unless forced) or its folder cannot take it. */
    static Path newFile(String option, Path file, boolean force) {
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(option + " " + file + " is a folder, not a file");
        }
        if (Files.exists(file) && !force) {
            throw new IllegalArgumentException(option + " " + file + " exists; add --force to overwrite it");
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new IllegalArgumentException(option + " " + file + ": folder " + parent + " does not exist");
        }
        return file;
    }

    /**
     * The evaluator's output folder on a local disk, made ready before Spark starts: an existing file, a
     * folder that cannot be created or written, or a non-empty folder that holds no earlier report (unless
     * forced) are refused. Returns whether this call created the folder, so a failed run can remove it again.
     * Remote file systems (a URI with another scheme) are left to the job.
     */
    static boolean outputFolder(String option, String out, boolean force) {
        Path folder = localPath(out);
        if (folder == null) {
            return false;
        }
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new IllegalArgumentException(option + " " + out + " is a file, not a folder");
        }
        boolean created = !Files.exists(folder);
        if (!created && !force && !Files.exists(folder.resolve(REPORT_MARKER)) && nonEmpty(folder)) {
            throw new IllegalArgumentException(option + " " + out
                    + " is a non-empty folder without an earlier report; add --force to write into it");
        }
        try {
            Files.createDirectories(folder);
            Files.delete(Files.createTempFile(folder, ".hequant-write-check", ""));
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            throw new IllegalArgumentException(option + " " + out + " cannot be written: " + e);
        }
        return created;
    }

    /** Removes a folder {@link #outputFolder} created, if it is still empty. */
    static void removeIfEmpty(String out) {
        Path folder = localPath(out);
        try {
            if (folder != null && Files.isDirectory(folder) && !nonEmpty(folder)) {
                Files.delete(folder);
            }
        } catch (IOException ignored) {
            // Best effort: an empty folder left behind holds no partial results.
        }
    }

    private static Path localPath(String out) {
        String lower = out.toLowerCase(Locale.ROOT);
        if (lower.startsWith("file:")) {
            return Path.of(URI.create(out));
        }
        return lower.matches("^[a-z][a-z0-9+.-]*://.*") ? null : Path.of(out);
    }

    private static boolean nonEmpty(Path folder) {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.findAny().isPresent();
        } catch (IOException e) {
            return true;
        }
    }

    /** A server address of --connect: HOST:PORT with a port in 1..65535 (IPv6 literals in brackets). */
    static java.net.InetSocketAddress hostPort(String option, String value) {
        int colon = value.lastIndexOf(':');
        if (colon < 1 || colon == value.length() - 1) {
            throw new IllegalArgumentException(option + " '" + value + "' is not HOST:PORT");
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = port(option, value.substring(colon + 1), " (expected HOST:PORT)");
        if (port == 0) {
            throw new IllegalArgumentException(option + ": port 0 cannot be connected to (expected HOST:PORT)");
        }
        return java.net.InetSocketAddress.createUnresolved(host, port);
    }

    /** A TCP port in 0..65535 given as text, named by its option when it is none. */
    static int port(String option, String value, String hint) {
        int port;
        try {
            port = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(option + ": '" + value + "' is not a port" + hint);
        }
        return port;
    }

    /** The local address --bind names: an IP address or a host name that resolves. */
    static java.net.InetAddress bindAddress(String value) {
        try {
            return java.net.InetAddress.getByName(value);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("--bind '" + value + "' is not an IP address or known host name");
        }
    }
}
