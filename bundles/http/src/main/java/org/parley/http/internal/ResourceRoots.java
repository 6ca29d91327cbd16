package org.parley.http.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Path;

/**
 * Decides which offered REST resources may be served: each needs a class-level {@code @Path}, and of two
 * resources with the same root path the one offered first keeps it. Pure logic, so it is unit tested
 * without OSGi.
 */
final class ResourceRoots {

    /** One offered resource: {@code order} is its service id (lower = offered earlier). */
    record Offer(long order, String owner, Object resource) {
    }

    record Rejection(Offer offer, String reason) {
    }

    record Decision(List<Offer> accepted, List<Rejection> rejected) {
    }

    private ResourceRoots() {
    }

    static Decision decide(List<Offer> offers) {
        List<Offer> sorted = new ArrayList<>(offers);
        sorted.sort(Comparator.comparingLong(Offer::order));
        Map<String, Offer> byRoot = new HashMap<>();
        List<Offer> accepted = new ArrayList<>();
        List<Rejection> rejected = new ArrayList<>();
        for (Offer offer : sorted) {
            String root = rootOf(offer.resource().getClass());
            if (root == null) {
                rejected.add(new Rejection(offer, offer.resource().getClass().getName() + " has no @Path"));
                continue;
            }
            Offer holder = byRoot.putIfAbsent(root, offer);
            if (holder != null) {
                rejected.add(new Rejection(offer, "path /api/" + root + " is already served by "
                        + holder.resource().getClass().getName() + " from " + holder.owner()));
                continue;
            }
            accepted.add(offer);
        }
        return new Decision(accepted, rejected);
    }

    /** The normalized root path of a resource class ({@code {id}} templates compare equal), or null. */
    static String rootOf(Class<?> type) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            Path path = c.getAnnotation(Path.class);
            if (path != null) {
                return normalize(path.value());
            }
        }
        return null;
    }

    static String normalize(String path) {
        String trimmed = path.strip();
        while (trimmed.startsWith("/")) {
            trimmed = trimmed.substring(1);
        }
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed.replaceAll("\\{[^}]*}", "{}");
    }
}
