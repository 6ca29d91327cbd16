package org.parley.plugins.hello;

import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.parley.api.event.EventBus;
import org.parley.api.signaling.SignalingException;
import org.parley.api.signaling.SignalingHandler;
import org.parley.api.signaling.SignalingSession;

/**
 * Signaling type {@code hello.echo}: {@code {"type":"hello.echo","id":"1","text":"hi"}} is answered with
 * {@code {"type":"hello.echo.reply","id":"1","text":"hi","version":"1.0.0"}} and published as a
 * {@link Echoed} event.
 */
@Component(service = SignalingHandler.class, property = SignalingHandler.TYPE + "=hello.echo")
public final class EchoHandler implements SignalingHandler<EchoHandler.Echo> {
    static final int MAX_TEXT = 1000;

    /** The message as the client sends it. */
    public record Echo(String type, String id, String text) {
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventBus events;

    private String version;

    @Activate
    void activate(BundleContext context) {
        version = context.getBundle().getVersion().toString();
    }

    @Override
    public Class<Echo> messageClass() {
        return Echo.class;
    }

    @Override
    public void onMessage(SignalingSession session, Echo message) throws SignalingException {
        if (message.text() == null || message.text().isBlank()) {
            throw new SignalingException("invalid-message", "Field 'text' is required");
        }
        if (message.text().length() > MAX_TEXT) {
            throw new SignalingException("invalid-message", "Field 'text' is limited to " + MAX_TEXT + " characters");
        }
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("type", "hello.echo.reply");
        if (message.id() != null) {
            reply.put("id", message.id());
        }
        reply.put("text", message.text());
        reply.put("version", version);
        session.send(reply);
        EventBus bus = events;
        if (bus != null) {
            bus.publish(new Echoed(session.id(), message.text().length()));
        }
    }
}
