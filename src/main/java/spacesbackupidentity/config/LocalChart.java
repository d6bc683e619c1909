package spacesbackupidentity.config;

import spacesbackupidentity.rules.Quote;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Optional;

/**
 * A Helm chart in the project directory ({@code spaces.chart}), held to the rules of values files
 * before the Kubernetes provider gives it to Helm's loader: only regular files, each of at most
 * {@value BoundedFile#MAX_BYTES} bytes, and nothing that leads elsewhere.
 * <p>
 * The Kubernetes provider's Release embeds Helm v3 as a library and loads a local chart with
 * {@code helm.sh/helm/v3/pkg/chart/loader} (pulumi-kubernetes {@code provider/pkg/provider/helm_release.go}).
 * That loader (helm/helm at 0a0eaff3: {@code pkg/chart/loader/directory.go}, {@code archive.go},
 * {@code internal/sympath/walk.go}) reads a directory with {@code sympath.Walk}, which follows symbolic
 * links ("Contents of linked file included and used"), so a link in a chart directory would ship any
 * file the deploy job can read (its cloud credentials, {@code /proc/self/environ}) to the cluster in
 * the release, and a link to a parent directory would be walked without end. Git keeps symbolic links,
 * so a pull request can add one. Every link is refused, wherever it points: the check runs before
 * Helm reads, and a link that is harmless now need not be then. FIFOs, sockets and devices are
 * refused too: Helm opens {@code .helmignore} and a chart file given as the chart path without
 * looking, and a FIFO nobody writes to never answers. An archive ({@code .tgz}) is read by Helm from
 * its own content only (links in it read as empty files), so it is checked as a values file is: a
 * regular file of bounded size.
 * <p>
 * The bounds are far above a real chart: a release, chart included, is stored gzip-compressed in one
 * Kubernetes Secret of at most 1 MiB (MaxSecretSize; helm/community HIP draft #256), so a chart much
 * bigger could not be installed anyway.
 */
public final class LocalChart {
    /** Files and directories in a chart directory, counted together. */
    public static final int MAX_ENTRIES = 5_000;
    /** The bytes of all files of a chart directory together. */
    public static final long MAX_TOTAL_BYTES = 32L * 1024 * 1024;
    /** Directory levels below the chart directory. */
    public static final int MAX_DEPTH = 32;
    public static final String ARCHIVE_SUFFIX = ".tgz";
    static final String CHART_FILE = "Chart.yaml";

    private LocalChart() {
    }

    /**
     * What keeps Helm from loading this chart safely, as a clause that follows the chart's name
     * ({@code holds 'templates/a.yaml', a symbolic link; ...}); empty when it may be loaded.
     *
     * @param chart a path inside the project that exists (the chart path itself may be a link that
     *              stays inside the project, as a values file may; the caller checks that)
     */
    public static Optional<String> problem(Path chart) {
        try {
            var real = chart.toRealPath();
            var attributes = Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (attributes.isDirectory()) {
                return directoryProblem(real);
            }
            if (!attributes.isRegularFile()) {
                return Optional.of("is not a directory or a regular file (a FIFO, socket or device); Helm's loader"
                        + " would wait on it or fail. Expected a chart directory or a " + ARCHIVE_SUFFIX + " archive");
            }
            if (!real.getFileName().toString().endsWith(ARCHIVE_SUFFIX)) {
                return Optional.of("is a file but not a chart archive; expected a chart directory or a " + ARCHIVE_SUFFIX
                        + " archive such as charts/spaces-1.14.1.tgz (helm pull writes one)");
            }
            if (attributes.size() > BoundedFile.MAX_BYTES) {
                return Optional.of("is " + attributes.size() + " bytes, over the limit of " + BoundedFile.MAX_BYTES
                        + " bytes for a chart archive");
            }
            return Optional.empty();
        } catch (IOException | SecurityException e) {
            return Optional.of("cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static Optional<String> directoryProblem(Path root) throws IOException {
        var problem = new Walk(root).directory(root, 0);
        if (problem.isEmpty() && !Files.isRegularFile(root.resolve(CHART_FILE), LinkOption.NOFOLLOW_LINKS)) {
            return Optional.of("is a directory without " + CHART_FILE + ", so not a chart; expected a chart directory"
                    + " (helm pull --untar writes one) or a " + ARCHIVE_SUFFIX + " archive");
        }
        return problem;
    }

    /** A walk in lexical order, as Helm's, that does not follow links and stops at the first problem. */
    private static final class Walk {
        private final Path root;
        private int entries;
        private long bytes;

        Walk(Path root) {
            this.root = root;
        }

        Optional<String> directory(Path directory, int depth) throws IOException {
            var names = new ArrayList<Path>();
            try (var listing = Files.newDirectoryStream(directory)) {
                for (var entry : listing) {
                    if (++entries > MAX_ENTRIES) {
                        return Optional.of("holds more than " + MAX_ENTRIES + " files and directories; a chart has"
                                + " far fewer");
                    }
                    names.add(entry);
                }
            } catch (DirectoryIteratorException e) {
                throw e.getCause();
            }
            names.sort(null);
            for (var path : names) {
                var problem = entry(path, depth);
                if (problem.isPresent()) {
                    return problem;
                }
            }
            return Optional.empty();
        }

        private Optional<String> entry(Path path, int depth) throws IOException {
            var shown = Quote.of(root.relativize(path).toString());
            var attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (attributes.isSymbolicLink()) {
                return Optional.of("holds " + shown + ", a symbolic link; Helm's chart loader follows links and would"
                        + " put the file it leads to into the release it sends to the cluster, so a chart directory may"
                        + " hold only regular files and directories: put the file itself there");
            }
            if (attributes.isDirectory()) {
                if (depth + 1 >= MAX_DEPTH) {
                    return Optional.of("nests directories deeper than " + MAX_DEPTH + " levels (at " + shown + ")");
                }
                return directory(path, depth + 1);
            }
            if (!attributes.isRegularFile()) {
                return Optional.of("holds " + shown + ", which is not a regular file (a FIFO, socket or device);"
                        + " Helm's loader would wait on it or fail");
            }
            if (attributes.size() > BoundedFile.MAX_BYTES) {
                return Optional.of("holds " + shown + " of " + attributes.size() + " bytes, over the limit of "
                        + BoundedFile.MAX_BYTES + " bytes for a file");
            }
            bytes += attributes.size();
            if (bytes > MAX_TOTAL_BYTES) {
                return Optional.of("holds more than " + MAX_TOTAL_BYTES + " bytes of files in all; a chart has far"
                        + " fewer");
            }
            return Optional.empty();
        }
    }
}
