package org.parley.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The core bundles of a distribution: {@code system/<start level>/*.jar}. A folder named by a number holds
 * the bundles of that start level; anything else in {@code system/} is ignored. Bundles come back ordered by
 * start level, then by file name, so that every boot installs them in the same order.
 */
final class SystemFolder {

    record SystemBundle(int startLevel, Path jar) {
    }

    private SystemFolder() {
    }

    static List<SystemBundle> scan(Path system) throws IOException {
        List<SystemBundle> bundles = new ArrayList<>();
        if (!Files.isDirectory(system)) {
            return bundles;
        }
        try (Stream<Path> levels = Files.list(system)) {
            for (Path level : levels.filter(Files::isDirectory).toList()) {
                Integer startLevel = parseLevel(level.getFileName().toString());
                if (startLevel == null) {
                    continue;
                }
                try (Stream<Path> jars = Files.list(level)) {
                    jars.filter(p -> p.getFileName().toString().endsWith(".jar"))
                            .forEach(jar -> bundles.add(new SystemBundle(startLevel, jar)));
                }
            }
        }
        bundles.sort(Comparator.comparingInt(SystemBundle::startLevel)
                .thenComparing(b -> b.jar().getFileName().toString()));
        return bundles;
    }

    private static Integer parseLevel(String name) {
        if (name.isEmpty() || name.length() > 4 || !name.chars().allMatch(Character::isDigit)) {
            return null;
        }
        int level = Integer.parseInt(name);
        return level >= 1 ? level : null;
    }
}
