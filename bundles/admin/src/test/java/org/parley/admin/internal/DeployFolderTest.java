package org.parley.admin.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.api.http.ProblemException;

class DeployFolderTest {
    @TempDir
    Path deploy;

    static byte[] jar(Map<String, String> headers) throws Exception {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        headers.forEach(manifest.getMainAttributes()::putValue);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(bytes, manifest)) {
            out.putNextEntry(new ZipEntry("a.txt"));
            out.write("a".getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    @Test
    void readsNameAndVersionOfABundle() throws Exception {
        DeployFolder.Upload upload = DeployFolder.inspect("x.jar",
                jar(Map.of("Bundle-SymbolicName", "com.acme.filter;singleton:=true", "Bundle-Version", "1.2.3")));
        assertThat(upload).isEqualTo(new DeployFolder.Upload("com.acme.filter", "1.2.3"));
    }

    @Test
    void refusesWhatIsNotABundle() throws Exception {
        assertType(() -> DeployFolder.inspect("x.jar", new byte[0]), "not-a-bundle");
        assertType(() -> DeployFolder.inspect("x.jar", "garbage".getBytes(StandardCharsets.UTF_8)), "not-a-bundle");
        assertType(() -> DeployFolder.inspect("x.jar", jar(Map.of("Bundle-Version", "1.0"))), "not-a-bundle");
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            out.putNextEntry(new ZipEntry("only.txt"));
        }
        assertType(() -> DeployFolder.inspect("x.jar", zip.toByteArray()), "not-a-bundle");
        byte[] truncated = java.util.Arrays.copyOf(jar(Map.of("Bundle-SymbolicName", "a")), 40);
        assertType(() -> DeployFolder.inspect("x.jar", truncated), "not-a-bundle");
    }

    @Test
    void refusesFileNamesThatLeaveTheFolderOrAreNotJars() throws Exception {
        byte[] ok = jar(Map.of("Bundle-SymbolicName", "a"));
        for (String name : new String[] { "../x.jar", "a/b.jar", ".hidden.jar", "x.txt", "x.jar.part", "", "x y.jar" }) {
            assertType(() -> DeployFolder.inspect(name, ok), "validation");
        }
        assertType(() -> DeployFolder.inspect(null, ok), "validation");
    }

    @Test
    void writesAtomicallyAndLeavesNoTemporaryFiles() throws Exception {
        DeployFolder folder = new DeployFolder(deploy);
        folder.write("a.jar", new byte[] { 1 });
        folder.write("a.jar", new byte[] { 2 });
        assertThat(Files.readAllBytes(deploy.resolve("a.jar"))).containsExactly(2);
        try (var files = Files.list(deploy)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("a.jar");
        }
        assertThat(folder.delete(deploy.resolve("a.jar"))).isTrue();
        assertThat(folder.delete(deploy.resolveSibling("elsewhere.jar"))).isFalse();
    }

    private static void assertType(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String type) {
        assertThatThrownBy(call).isInstanceOf(ProblemException.class)
                .extracting(e -> ((ProblemException) e).type()).isEqualTo(type);
    }
}
