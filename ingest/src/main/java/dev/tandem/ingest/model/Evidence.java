package dev.tandem.ingest.model;

/**
 * A record of what one layer saw: the kernel ({@link KernelFlow}) or the proxy ({@link
 * ProxyRequest}). The raw topics and {@code tandem decode} carry both.
 */
public sealed interface Evidence permits KernelFlow, ProxyRequest {}
