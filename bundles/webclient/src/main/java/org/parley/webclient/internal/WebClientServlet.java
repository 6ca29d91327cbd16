package org.parley.webclient.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.HttpWhiteboardConstants;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Serves the browser client (files under {@code /web} in this bundle) as the default servlet, so every path
 * that is not {@code /api}, {@code /ws} or an admin endpoint reaches it. Paths that are not files (join
 * links such as {@code /j/12345678901}) get {@code index.html}: the client routes them itself. No build step:
 * plain HTML, CSS and ES modules.
 */
@Component(service = Servlet.class, property = {
        HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN + "=/",
        HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME + "=parley-webclient" })
public final class WebClientServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8", "js",
            "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "svg", "image/svg+xml", "png",
            "image/png", "ico", "image/x-icon", "json", "application/json");

    private transient BundleContext context;

    @Activate
    void activate(BundleContext context) {
        this.context = context;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        URL file = resolve(path);
        if (file == null) {
            if (path.contains(".") || path.startsWith("/api/")) {
                response.sendError(404);
                return;
            }
            file = context.getBundle().getEntry("/web/index.html");
        }
        String name = file.getPath();
        String extension = name.substring(name.lastIndexOf('.') + 1);
        response.setContentType(TYPES.getOrDefault(extension, "application/octet-stream"));
        // index.html must be fresh after an update of this bundle; the rest may be cached briefly.
        response.setHeader("Cache-Control", name.endsWith(".html") ? "no-cache" : "max-age=300");
        response.setHeader("X-Content-Type-Options", "nosniff");
        try (InputStream in = file.openStream()) {
            in.transferTo(response.getOutputStream());
        }
    }

    /** The bundle entry for a request path, or null; never leaves /web. */
    URL resolve(String path) {
        if (path == null || path.isEmpty() || path.equals("/")) {
            return context.getBundle().getEntry("/web/index.html");
        }
        if (path.contains("..") || path.contains("\\") || path.contains("//")) {
            return null;
        }
        URL entry = context.getBundle().getEntry("/web" + path);
        return entry == null || entry.getPath().endsWith("/") ? null : entry;
    }
}
