package org.parley.store.jpa.internal;

import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What EclipseLink sees as the persistence unit's class loader: the owning bundle's (entities) first, then
 * EclipseLink's own (it loads its platform classes by name through the unit's loader).
 */
final class UnitClassLoader extends ClassLoader {
    private final List<ClassLoader> delegates;

    UnitClassLoader(List<ClassLoader> delegates) {
        super(null);
        this.delegates = List.copyOf(delegates);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        for (ClassLoader delegate : delegates) {
            try {
                return delegate.loadClass(name);
            } catch (ClassNotFoundException | NoClassDefFoundError notThere) {
                // next
            }
        }
        throw new ClassNotFoundException(name);
    }

    @Override
    protected URL findResource(String name) {
        for (ClassLoader delegate : delegates) {
            URL url = delegate.getResource(name);
            if (url != null) {
                return url;
            }
        }
        return null;
    }

    @Override
    protected Enumeration<URL> findResources(String name) throws IOException {
        Set<URL> urls = new LinkedHashSet<>();
        for (ClassLoader delegate : delegates) {
            urls.addAll(Collections.list(delegate.getResources(name)));
        }
        return Collections.enumeration(new ArrayList<>(urls));
    }
}
