package org.hequant.protocols.channel;

/** The two roles: the client holds the input and the secret key, the server holds the model. */
public enum Party {
    CLIENT, SERVER;

    public Party other() {
        return this == CLIENT ? SERVER : CLIENT;
    }
}
