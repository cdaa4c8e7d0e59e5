package io.github.modalemulator.servers.servletapp;

/** Handed to the initializer too (it implements the type), which skips it as it is abstract. */
public abstract class AbstractModule implements ShopModule {}
