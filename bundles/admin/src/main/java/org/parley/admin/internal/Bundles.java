package org.parley.admin.internal;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.startlevel.BundleStartLevel;

/** How the admin API describes a bundle. */
final class Bundles {
    private Bundles() {
    }

    static String stateName(int state) {
        return switch (state) {
            case Bundle.INSTALLED -> "installed";
            case Bundle.RESOLVED -> "resolved";
            case Bundle.STARTING -> "starting";
            case Bundle.STOPPING -> "stopping";
            case Bundle.ACTIVE -> "active";
            case Bundle.UNINSTALLED -> "uninstalled";
            default -> "unknown";
        };
    }

    /** The file a bundle was installed from, when its location is a file URI. */
    static Path locationPath(Bundle bundle) {
        String location = bundle.getLocation();
        if (location == null || !location.startsWith("file:")) {
            return null;
        }
        try {
            return Path.of(URI.create(location.replace(" ", "%20"))).toAbsolutePath().normalize();
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            return null;
        }
    }

    static Map<String, Object> describe(Bundle bundle, Path system, Path deploy) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", bundle.getBundleId());
        out.put("symbolicName", bundle.getSymbolicName());
        out.put("version", bundle.getVersion().toString());
        out.put("state", stateName(bundle.getState()));
        out.put("origin", origin(bundle, system, deploy));
        BundleStartLevel startLevel = bundle.adapt(BundleStartLevel.class);
        if (startLevel != null) {
            out.put("startLevel", startLevel.getStartLevel());
        }
        out.put("fragment", bundle.getHeaders("").get(Constants.FRAGMENT_HOST) != null);
        Path path = locationPath(bundle);
        if (path != null && path.startsWith(deploy)) {
            out.put("file", path.getFileName().toString());
        }
        out.put("lastModified", bundle.getLastModified());
        return out;
    }

    static String origin(Bundle bundle, Path system, Path deploy) {
        if (bundle.getBundleId() == 0) {
            return "framework";
        }
        Path path = locationPath(bundle);
        if (path != null && path.startsWith(system)) {
            return "system";
        }
        if (path != null && path.startsWith(deploy)) {
            return "deploy";
        }
        return "other";
    }
}
