package org.parley.http.internal;

import java.time.Duration;

import org.eclipse.jetty.ee10.websocket.server.JettyWebSocketServlet;
import org.eclipse.jetty.ee10.websocket.server.JettyWebSocketServletFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.HttpWhiteboardConstants;

import jakarta.servlet.Servlet;

/**
 * The one WebSocket endpoint, {@code /ws}. It never changes; every message goes through the
 * {@link SignalingRouter} to whichever handler services exist at that moment.
 */
@Component(service = Servlet.class, configurationPid = HttpSettings.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, property = {
                HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN + "=/ws",
                HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME + "=parley-signaling",
                HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_ASYNC_SUPPORTED + "=true" })
public final class SignalingServlet extends JettyWebSocketServlet {
    private static final long serialVersionUID = 1L;
    /** Jetty's own frame limit; above it Jetty closes with 1009. Our smaller limit answers with an error. */
    private static final int TRANSPORT_LIMIT_BYTES = 1 << 20;

    @Reference
    private transient SignalingRouter router;

    private volatile ConnectionPolicy policy;
    private volatile int idleTimeoutSeconds;

    @Activate
    @Modified
    void configure(HttpConfig config) {
        policy = ConnectionPolicy.from(config, TRANSPORT_LIMIT_BYTES);
        idleTimeoutSeconds = Math.max(5, config.ws_idle_timeout_seconds());
    }

    ConnectionPolicy policy() {
        return policy;
    }

    @Override
    protected void configure(JettyWebSocketServletFactory factory) {
        factory.setMaxTextMessageSize(TRANSPORT_LIMIT_BYTES);
        factory.setMaxBinaryMessageSize(64 * 1024);
        factory.setIdleTimeout(Duration.ofSeconds(idleTimeoutSeconds));
        factory.setCreator((request, response) -> new SignalingConnection(router, this::policy));
    }
}
