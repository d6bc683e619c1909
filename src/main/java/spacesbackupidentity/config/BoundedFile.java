package spacesbackupidentity.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads a config file the program was pointed at: only a regular file (never a FIFO, a device or
 * a directory, which could hang or never end), at most {@value #MAX_BYTES} bytes, UTF-8. Failures
 * say what is wrong with the file, never what is in it.
 */
public final class BoundedFile {
    /** Far above any stack, project, values or outputs file; far below what a run can hold. */
    public static final int MAX_BYTES = 4 * 1024 * 1024;

    private BoundedFile() {
    }

    /**
     * @param what how messages name the file, such as {@code Pulumi.dev.yaml}
     * @throws ConfigFileException when it is missing, not a regular file, too big or not UTF-8
     */
    public static String read(Path path, String what) {
        try {
            if (!Files.exists(path)) {
                throw new NoSuchFileException(path.toString());
            }
            if (!Files.isRegularFile(path)) {
                throw new ConfigFileException(what + ": not a regular file");
            }
            // Opened first, then measured: what is read is what was checked.
            try (var channel = FileChannel.open(path, StandardOpenOption.READ)) {
                if (channel.size() > MAX_BYTES) {
                    throw new ConfigFileException(what + ": " + channel.size() + " bytes, over the limit of "
                            + MAX_BYTES + " bytes");
                }
                var buffer = ByteBuffer.allocate((int) channel.size() + 1);
                while (buffer.hasRemaining() && channel.read(buffer) > 0) {
                    if (buffer.position() > MAX_BYTES) {
                        throw new ConfigFileException(what + ": over the limit of " + MAX_BYTES + " bytes");
                    }
                }
                buffer.flip();
                if (buffer.limit() > channel.size()) {
                    throw new ConfigFileException(what + ": changed while being read");
                }
                return StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(buffer).toString();
            }
        } catch (NoSuchFileException e) {
            throw new ConfigFileException(what + ": no such file");
        } catch (CharacterCodingException e) {
            throw new ConfigFileException(what + ": not UTF-8 text");
        } catch (IOException e) {
            throw new ConfigFileException(what + ": cannot read it (" + e.getClass().getSimpleName() + ")");
        }
    }
}
