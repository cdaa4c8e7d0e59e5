package io.github.modalemulator.internal.runtime;

import jakarta.servlet.MultipartConfigElement;

/**
 * How a {@code @WsgiApp}'s servlets read multipart forms when they declare no
 * {@code @MultipartConfig} of their own: the cloud's WSGI bridge hands every app its forms.
 *
 * @param maxRequestSize the largest form, in bytes: the edge's request body limit, which a body has
 *     passed before any servlet sees it
 * @param fileSizeThreshold parts up to this size stay in memory; larger ones go to a temporary file
 *     (the threshold the edge uses for the bodies it holds)
 */
public record ServletForms(long maxRequestSize, int fileSizeThreshold) {

  /** The default multipart config: no limit per file beyond the form's own. */
  MultipartConfigElement defaultConfig() {
    return new MultipartConfigElement(
        System.getProperty("java.io.tmpdir"), -1, maxRequestSize, fileSizeThreshold);
  }
}
