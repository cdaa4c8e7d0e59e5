package io.github.modalemulator.internal.runtime.fastapi;

/**
 * Produces one argument for a request, decided once per function. A problem with the request is
 * added to the scope's errors (the value is then null); a provider's exception propagates.
 */
interface Binder {
  Object bind(RequestScope scope) throws Throwable;
}
