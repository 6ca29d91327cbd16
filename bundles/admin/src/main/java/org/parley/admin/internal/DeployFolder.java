package org.parley.admin.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.regex.Pattern;

import org.parley.api.http.FieldError;
import org.parley.api.http.ProblemException;

/**
 * Writes and removes plugin jars in {@code deploy/}, where FileInstall picks them up. A jar is written beside
 * the folder's filter ({@code .part}) and moved in atomically, so FileInstall never reads half a file.
 */
final class DeployFolder {
    static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,126}\\.jar");

    record Upload(String symbolicName, String version) {
    }

    private final Path folder;

    DeployFolder(Path folder) {
        this.folder = folder;
    }

    Path folder() {
        return folder;
    }

    /** Checks a file name and the bytes of a jar; returns what its manifest says. */
    static Upload inspect(String fileName, byte[] jar) {
        if (fileName == null || !FILE_NAME.matcher(fileName).matches()) {
            throw ProblemException.validation(java.util.List.of(new FieldError("filename",
                    "must be a plain jar file name (letters, digits, '.', '_', '-', ending in .jar)")));
        }
        if (jar.length == 0) {
            throw new ProblemException(400, "not-a-bundle", "Not an OSGi bundle", "The request body is empty");
        }
        Manifest manifest;
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            manifest = in.getManifest();
        } catch (IOException | SecurityException e) {
            throw new ProblemException(400, "not-a-bundle", "Not an OSGi bundle", "Not a readable jar: " + e.getMessage());
        }
        if (manifest == null) {
            throw new ProblemException(400, "not-a-bundle", "Not an OSGi bundle", "The jar has no manifest");
        }
        String symbolicName = manifest.getMainAttributes().getValue("Bundle-SymbolicName");
        if (symbolicName == null || symbolicName.isBlank()) {
            throw new ProblemException(400, "not-a-bundle", "Not an OSGi bundle",
                    "The jar's manifest has no Bundle-SymbolicName");
        }
        String name = symbolicName.split(";", 2)[0].strip();
        String version = Optional.ofNullable(manifest.getMainAttributes().getValue("Bundle-Version")).orElse("0.0.0");
        return new Upload(name, version.strip());
    }

    /** Puts the jar at {@code deploy/fileName}, replacing what is there in one step. */
    Path write(String fileName, byte[] jar) throws IOException {
        Files.createDirectories(folder);
        Path target = folder.resolve(fileName);
        Path temp = Files.createTempFile(folder, ".upload-", ".part");
        try {
            Files.write(temp, jar);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
        return target;
    }

    boolean delete(Path file) throws IOException {
        return file.startsWith(folder) && Files.deleteIfExists(file);
    }
}
