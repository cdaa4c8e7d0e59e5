package io.github.modalemulator.internal.gateway;

import io.undertow.server.HttpHandler;

/**
 * Where a host leads: a function, and the handler chain in front of it (auth, then its runtime).
 */
public record Route(String app, String function, HttpHandler handler) {}
