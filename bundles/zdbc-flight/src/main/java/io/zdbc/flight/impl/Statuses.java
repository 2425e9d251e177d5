package io.zdbc.flight.impl;

import io.zdbc.api.DatabaseLockedException;
import io.zdbc.api.NoSuchTableException;
import io.zdbc.api.ServiceUnavailableException;
import io.zdbc.api.TableExistsException;
import io.zdbc.api.ViewClosedException;
import io.zdbc.api.ZdbcException;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightRuntimeException;

/**
 * zdbc's errors as gRPC statuses, with zdbc's message: a client sees what is wrong (bad SQL,
 * unknown table) and whether trying again can help (UNAVAILABLE, RESOURCE_EXHAUSTED).
 */
final class Statuses {
    private Statuses() {}

    static FlightRuntimeException of(Throwable e) {
        if (e instanceof FlightRuntimeException) {
            return (FlightRuntimeException) e;
        }
        return status(e).withDescription(message(e)).withCause(e).toRuntimeException();
    }

    private static CallStatus status(Throwable e) {
        if (e instanceof NoSuchTableException || e instanceof ServedDatabases.UnknownDatabaseException) {
            return CallStatus.NOT_FOUND;
        }
        if (e instanceof TableExistsException) {
            return CallStatus.ALREADY_EXISTS;
        }
        if (e instanceof ServiceUnavailableException
                || e instanceof DatabaseLockedException
                || e instanceof ViewClosedException) {
            return CallStatus.UNAVAILABLE;
        }
        if (e instanceof ZdbcException || e instanceof IllegalArgumentException) {
            return CallStatus.INVALID_ARGUMENT;
        }
        return CallStatus.INTERNAL;
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        if (e instanceof ZdbcException || e instanceof IllegalArgumentException) {
            return m;
        }
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    static FlightRuntimeException unimplemented(String what) {
        return CallStatus.UNIMPLEMENTED
                .withDescription(what + " is not supported by the zdbc Flight SQL server")
                .toRuntimeException();
    }

    static FlightRuntimeException invalid(String message) {
        return CallStatus.INVALID_ARGUMENT.withDescription(message).toRuntimeException();
    }
}
