package org.hequant.cli;

import java.nio.file.Path;
import org.hequant.engine.Transport;

/** The --tls, --keystore/--truststore and --storepass options that serve and infer share. */
final class TlsOptions {
    /** Read when --storepass is absent, so that the password need not appear in the process list. */
    static final String PASSWORD_ENV = "HEQUANT_STOREPASS";

    private TlsOptions() {
    }

    static Path required(Path store, String option) {
        if (store == null) {
            throw new IllegalArgumentException("--tls needs " + option + " FILE");
        }
        return store;
    }

    static char[] password(String storepass) {
        String password = storepass != null ? storepass : System.getenv(PASSWORD_ENV);
        if (password == null) {
            throw new IllegalArgumentException("--tls needs --storepass PASS or the environment variable " + PASSWORD_ENV);
        }
        return password.toCharArray();
    }

    /** Plain TCP, refusing store options given without --tls rather than silently running unencrypted. */
    static Transport plain(Path store, String storepass) {
        if (store != null || storepass != null) {
            throw new IllegalArgumentException("a keystore, truststore or --storepass was given without --tls");
        }
        return Transport.plain();
    }
}
