package org.parley.identity.internal;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.parley.api.http.FieldError;
import org.parley.api.http.ProblemException;
import org.parley.api.http.RestResource;
import org.parley.api.http.TextInput;
import org.parley.api.identity.BearerAuth;
import org.parley.api.identity.OpenedSession;
import org.parley.api.identity.User;
import org.parley.api.state.AttemptLimiter;
import org.parley.api.state.StateStore;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code /api/sessions}: sign in ({@code POST}, email + password -> bearer token) and sign out
 * ({@code DELETE} with the token). Failed sign-ins are counted per account and per client address; past the
 * limits the answer is 429 with {@code Retry-After}, whether or not the password would have been right.
 */
@Component(service = RestResource.class, configurationPid = IdentityConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Path("sessions")
@Produces(MediaType.APPLICATION_JSON)
public final class SessionsResource implements RestResource {
    @Reference
    private IdentityStore store;

    @Reference
    private StateStore state;

    private AttemptLimiter perAccount;
    private AttemptLimiter perAddress;

    public record SignIn(String email, String password) {
    }

    @Activate
    void activate(IdentityConfig config) {
        Duration window = Duration.ofSeconds(Math.max(1, config.signin_window_seconds()));
        perAccount = new AttemptLimiter(state, "attempts:sign-in:account:", config.signin_max_failures_per_account(), window);
        perAddress = new AttemptLimiter(state, "attempts:sign-in:address:", config.signin_max_failures_per_address(), window);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response signIn(SignIn body, @Context HttpServletRequest request) {
        if (body == null) {
            throw ProblemException.validation(List.of(new FieldError("body", "a JSON object is required")));
        }
        List<FieldError> errors = new ArrayList<>();
        String email = TextInput.require("email", body.email(), 254, errors);
        if (body.password() == null || body.password().isEmpty()) {
            errors.add(new FieldError("password", "is required"));
        } else if (body.password().length() > UsersResource.MAX_PASSWORD) {
            errors.add(new FieldError("password", "must be at most " + UsersResource.MAX_PASSWORD + " characters"));
        }
        TextInput.throwIfAny(errors);
        String account = email.toLowerCase(Locale.ROOT);
        String address = request.getRemoteAddr();
        perAddress.check(address);
        perAccount.check(account);
        User user = store.checkPassword(account, body.password()).orElse(null);
        if (user == null) {
            perAccount.recordFailure(account);
            perAddress.recordFailure(address);
            throw new ProblemException(401, "invalid-credentials", "Sign-in failed", "Wrong email or password");
        }
        perAccount.reset(account);
        OpenedSession opened = store.open(user.id(), store.sessionTtl());
        return Response.created(URI.create("/api/sessions/current"))
                .entity(new Views.SessionView(opened.token(), "Bearer", opened.session().expiresAt(), Views.UserView.of(user)))
                .build();
    }

    @DELETE
    public Response signOut(@HeaderParam("Authorization") String authorization) {
        BearerAuth.require(store, authorization);
        store.revoke(BearerAuth.token(authorization));
        return Response.noContent().build();
    }
}
