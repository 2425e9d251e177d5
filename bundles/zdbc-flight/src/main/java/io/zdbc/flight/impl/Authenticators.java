package io.zdbc.flight.impl;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.auth2.Auth2Constants;
import org.apache.arrow.flight.auth2.AuthUtilities;
import org.apache.arrow.flight.auth2.BasicCallHeaderAuthenticator;
import org.apache.arrow.flight.auth2.CallHeaderAuthenticator;
import org.apache.arrow.flight.auth2.GeneratedBearerTokenAuthenticator;

/**
 * The server's authenticators, built from Arrow's: HTTP Basic credentials (sent with the Flight
 * handshake by pyarrow's {@code authenticate_basic_token}, the JDBC driver and
 * {@code FlightClient.authenticateBasicToken}) answered with a generated bearer token, or one
 * static bearer token. A refusal is UNAUTHENTICATED with a message that says what the server wants
 * and never repeats a credential.
 */
final class Authenticators {
    private Authenticators() {}

    static CallHeaderAuthenticator basicThenBearer(String user, byte[] password) {
        byte[] userBytes = user.getBytes(StandardCharsets.UTF_8);
        BasicCallHeaderAuthenticator basic = new BasicCallHeaderAuthenticator((u, p) -> {
            // Both compared, in constant time, so that a refusal does not tell which was wrong.
            boolean userOk = MessageDigest.isEqual(userBytes, u.getBytes(StandardCharsets.UTF_8));
            boolean passwordOk = MessageDigest.isEqual(password, p.getBytes(StandardCharsets.UTF_8));
            if (!(userOk & passwordOk)) {
                throw refused("user name or password refused");
            }
            return () -> user;
        });
        return explained(
                new GeneratedBearerTokenAuthenticator(basic),
                "this server needs a user name and password (the Flight handshake with HTTP Basic credentials),"
                        + " then the bearer token it answers",
                "bearer token refused (not issued by this server, or expired): log in again with the user name"
                        + " and password");
    }

    static CallHeaderAuthenticator staticToken(byte[] token) {
        return headers -> {
            String sent = AuthUtilities.getValueFromAuthHeader(headers, Auth2Constants.BEARER_PREFIX);
            if (sent == null) {
                throw refused("this server needs a bearer token (header authorization: Bearer <token>)");
            }
            if (!MessageDigest.isEqual(token, sent.getBytes(StandardCharsets.UTF_8))) {
                throw refused("bearer token refused");
            }
            return () -> "token";
        };
    }

    /** Replaces Arrow's empty UNAUTHENTICATED descriptions with what the client should send. */
    private static CallHeaderAuthenticator explained(
            CallHeaderAuthenticator auth, String noCredentials, String badBearer) {
        return headers -> {
            try {
                return auth.authenticate(headers);
            } catch (FlightRuntimeException e) {
                if (e.status().code() != FlightStatusCode.UNAUTHENTICATED
                        || (e.status().description() != null
                                && !e.status().description().isEmpty())) {
                    throw e;
                }
                throw refused(
                        sent(headers, Auth2Constants.BEARER_PREFIX)
                                ? badBearer
                                : sent(headers, Auth2Constants.BASIC_PREFIX)
                                        ? "malformed basic credentials"
                                        : noCredentials);
            }
        };
    }

    private static boolean sent(CallHeaders headers, String prefix) {
        return AuthUtilities.getValueFromAuthHeader(headers, prefix) != null;
    }

    private static FlightRuntimeException refused(String why) {
        return CallStatus.UNAUTHENTICATED.withDescription(why).toRuntimeException();
    }
}
