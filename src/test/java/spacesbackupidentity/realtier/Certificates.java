package spacesbackupidentity.realtier;

import spacesbackupidentity.ChildProcess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The keys and certificates a test cluster and registry need, as controller-runtime's envtest makes
 * them (pkg/internal/testing/certs): one CA; serving certificates for 127.0.0.1 and localhost; a
 * client certificate in {@code system:masters} for the admin; a service-account signing key pair.
 * Made with the openssl command (Debian's openssl package), EC P-256 keys, valid for two days.
 */
public final class Certificates {
    private static final Duration TIMEOUT = Duration.ofMinutes(1);
    private final Path dir;

    /** A key and its certificate, as PEM files. */
    public record KeyPair(Path key, Path certificate) {
    }

    private Certificates(Path dir) {
        this.dir = dir;
    }

    /** Makes the CA in {@code dir}. */
    public static Certificates create(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        var certificates = new Certificates(dir);
        certificates.openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", "ca.key", "-out", "ca.crt", "-days", "2", "-subj", "/CN=spaces-backup-identity real-tier CA",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        return certificates;
    }

    public Path ca() {
        return dir.resolve("ca.crt");
    }

    /** A serving certificate for 127.0.0.1 and localhost. */
    public KeyPair server(String name) throws IOException, InterruptedException {
        return signed(name, "/CN=localhost", "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
    }

    /** A client certificate: {@code CN=user}, {@code O=group} for each group. */
    public KeyPair client(String name, String user, List<String> groups) throws IOException, InterruptedException {
        var subject = new StringBuilder();
        groups.forEach(group -> subject.append("/O=").append(group));
        subject.append("/CN=").append(user);
        return signed(name, subject.toString(), "extendedKeyUsage=clientAuth\n");
    }

    /** A bare key pair (the service-account signing key): private key and public key, PEM. */
    public KeyPair signingKey(String name) throws IOException, InterruptedException {
        openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", name + ".key");
        openssl("pkey", "-in", name + ".key", "-pubout", "-out", name + ".pub");
        return new KeyPair(dir.resolve(name + ".key"), dir.resolve(name + ".pub"));
    }

    /** The key pair as PKCS#12, for Java's TLS client. */
    public Path pkcs12(KeyPair pair, String password) throws IOException, InterruptedException {
        var name = pair.certificate().getFileName().toString().replace(".crt", ".p12");
        openssl("pkcs12", "-export", "-in", pair.certificate().toString(), "-inkey", pair.key().toString(),
                "-out", name, "-passout", "pass:" + password);
        return dir.resolve(name);
    }

    private KeyPair signed(String name, String subject, String extensions) throws IOException, InterruptedException {
        var extFile = dir.resolve(name + ".ext");
        Files.writeString(extFile, extensions);
        openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", name + ".key",
                "-out", name + ".csr", "-subj", subject);
        openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", name + ".crt", "-days", "2", "-extfile", extFile.getFileName().toString());
        return new KeyPair(dir.resolve(name + ".key"), dir.resolve(name + ".crt"));
    }

    private void openssl(String... args) throws IOException, InterruptedException {
        var command = new ArrayList<String>();
        command.add("openssl");
        command.addAll(List.of(args));
        var result = ChildProcess.run(new ProcessBuilder(command).directory(dir.toFile()), TIMEOUT);
        if (result.exitCode() != 0) {
            throw new AssertionError("openssl " + String.join(" ", args) + " exited " + result.exitCode() + ": "
                    + result.err());
        }
    }
}
