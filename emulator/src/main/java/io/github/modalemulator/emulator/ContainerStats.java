package io.github.modalemulator.emulator;

/**
 * What a function's containers are doing, as {@link Emulator#containers(String)} reports it. The
 * web methods of one {@code @Cls} class share containers, so they report the same figures.
 *
 * @param live containers running (started and not stopped)
 * @param starting containers being started
 * @param inputsInFlight requests being served
 * @param queuedInputs requests waiting for a container
 * @param containersStarted containers started since the emulator started
 * @param coldStartInputs requests that waited for a container to start
 */
public record ContainerStats(
    int live,
    int starting,
    int inputsInFlight,
    int queuedInputs,
    long containersStarted,
    long coldStartInputs) {}
