package org.parley.identity.internal;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.parley.api.http.FieldError;
import org.parley.api.http.ProblemException;
import org.parley.api.http.RestResource;
import org.parley.api.http.TextInput;
import org.parley.api.identity.BearerAuth;
import org.parley.api.identity.Session;
import org.parley.api.identity.User;
import org.parley.api.state.AttemptLimiter;
import org.parley.api.state.StateStore;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code /api/users}: sign up ({@code POST}) and the signed-in user's profile ({@code /me}). */
@Component(service = RestResource.class, configurationPid = IdentityConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Path("users")
@Produces(MediaType.APPLICATION_JSON)
public final class UsersResource implements RestResource {
    static final int MIN_PASSWORD = 8;
    static final int MAX_PASSWORD = 256;

    @Reference
    private IdentityStore store;

    @Reference
    private StateStore state;

    /** Sign-ups per client address: account creation costs an Argon2 hash, so it is throttled too. */
    private AttemptLimiter signUps;

    public record SignUp(String email, String displayName, String password) {
    }

    public record ProfileChange(String displayName) {
    }

    @Activate
    void activate(IdentityConfig config) {
        signUps = new AttemptLimiter(state, "attempts:sign-up:address:", Math.max(1, config.signin_max_failures_per_address()),
                Duration.ofSeconds(Math.max(1, config.signin_window_seconds())));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response signUp(SignUp body, @Context HttpServletRequest request) {
        if (body == null) {
            throw ProblemException.validation(List.of(new FieldError("body", "a JSON object is required")));
        }
        List<FieldError> errors = new ArrayList<>();
        String email = body.email() == null ? null : Emails.normalize(body.email());
        if (email == null || email.isEmpty()) {
            errors.add(new FieldError("email", "is required"));
        } else if (!Emails.valid(email)) {
            errors.add(new FieldError("email", "is not a valid email address"));
        }
        String displayName = TextInput.require("displayName", body.displayName(), 100, errors);
        checkPassword("password", body.password(), errors);
        TextInput.throwIfAny(errors);
        String address = request.getRemoteAddr();
        signUps.check(address);
        User user = store.createUser(email, displayName, body.password()).orElseThrow(() -> {
            // A taken email counts like a failed attempt: it tells which addresses have accounts.
            signUps.recordFailure(address);
            return ProblemException.conflict("email-taken", "An account with this email already exists");
        });
        return Response.created(URI.create("/api/users/me")).entity(Views.UserView.of(user)).build();
    }

    @GET
    @Path("me")
    public Views.UserView me(@HeaderParam("Authorization") String authorization) {
        Session session = BearerAuth.require(store, authorization);
        return store.find(session.userId()).map(Views.UserView::of).orElseThrow(UsersResource::accountGone);
    }

    @PATCH
    @Path("me")
    @Consumes(MediaType.APPLICATION_JSON)
    public Views.UserView change(@HeaderParam("Authorization") String authorization, ProfileChange body) {
        Session session = BearerAuth.require(store, authorization);
        if (body == null) {
            throw ProblemException.validation(List.of(new FieldError("body", "a JSON object is required")));
        }
        List<FieldError> errors = new ArrayList<>();
        String displayName = TextInput.require("displayName", body.displayName(), 100, errors);
        TextInput.throwIfAny(errors);
        return store.rename(session.userId(), displayName).map(Views.UserView::of).orElseThrow(UsersResource::accountGone);
    }

    static void checkPassword(String field, String password, List<FieldError> errors) {
        if (password == null || password.isEmpty()) {
            errors.add(new FieldError(field, "is required"));
        } else if (password.codePointCount(0, password.length()) < MIN_PASSWORD) {
            errors.add(new FieldError(field, "must be at least " + MIN_PASSWORD + " characters"));
        } else if (password.length() > MAX_PASSWORD) {
            errors.add(new FieldError(field, "must be at most " + MAX_PASSWORD + " characters"));
        }
    }

    private static ProblemException accountGone() {
        return new ProblemException(401, "invalid-session", "Invalid session", "The account of this session no longer exists");
    }
}
